package io.quintet.linkora.model;

/** The "default folder" ids shared by the app and the reference 0.3.0 (spec 5.2). */
public final class ReservedFolders {
    public static final long ALL_LINKS = -1;
    public static final long SAVED_LINKS = -2;
    public static final long IMPORTANT_LINKS = -3;
    public static final long ARCHIVE = -4;
    public static final long HISTORY = -5;
    public static final long DEFAULT_PANELS = -6;

    private ReservedFolders() {}
}
