package io.quintet.objectstore.model;

/** An {@code "<id>:<uid>"} pair of the model file (2.3); {@link #NONE} for {@code ""}, {@code "0:0"} or absent. */
public record IdUid(long id, long uid) {

    public static final IdUid NONE = new IdUid(0, 0);

    public static IdUid parse(String text, String where) {
        if (text == null || text.isEmpty() || text.equals("0:0")) {
            return NONE;
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new ModelException(where + ": not an IdUid: \"" + text + "\"");
        }
        try {
            long id = Long.parseLong(text.substring(0, colon));
            long uid = Long.parseLong(text.substring(colon + 1));
            if (id < 0 || id > 0xFFFF_FFFFL || uid == 0) {
                throw new ModelException(where + ": IdUid out of range: \"" + text + "\"");
            }
            return new IdUid(id, uid);
        } catch (NumberFormatException e) {
            throw new ModelException(where + ": not an IdUid: \"" + text + "\"");
        }
    }

    public boolean isNone() {
        return uid == 0;
    }

    @Override
    public String toString() {
        return id + ":" + uid;
    }
}
