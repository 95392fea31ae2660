package io.quintet.objectstore.model;

/** One property of an entity (2.5). */
public record Property(IdUid id, String name, int type, int flags, String relationTarget, IdUid indexId) {

    public boolean has(int flag) {
        return Flags.has(flags, flag);
    }

    public boolean isId() {
        return has(Flags.ID);
    }
}
