package io.quintet.objectstore.error;

/** An admin API failure carrying its catalogue entry; mapped to a JSON body at the edge. */
public final class AdminException extends RuntimeException {

    public final AdminError error;

    public AdminException(AdminError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }
}
