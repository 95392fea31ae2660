package io.quintet.synkronus.error;

/**
 * Every error answer of the service: status, the standard envelope's {@code error} text (the
 * reference's internal error, or "An error occurred") and its {@code message}. synkronus.md 1.4.
 */
public enum SynkronusError {
    INVALID_REQUEST_FORMAT(400, null, "Invalid request format"),
    INVALID_REQUEST_BODY(400, null, "Invalid request body"),
    USERNAME_REQUIRED(400, null, "Username is required"),
    PASSWORD_REQUIRED(400, null, "Password is required"),
    REFRESH_TOKEN_REQUIRED(400, null, "Refresh token is required"),
    INVALID_CREDENTIALS(401, "invalid credentials", "Invalid credentials"),
    INVALID_REFRESH_TOKEN(401, "invalid refresh token", "Invalid or expired refresh token"),
    WRONG_CURRENT_PASSWORD(401, "invalid credentials", "Current password is incorrect"),
    MISSING_FIELDS(400, null, "Missing required fields"),
    INVALID_ROLE(400, "invalid role", "Role must be one of read-only, read-write, admin"),
    USERNAME_TAKEN(409, "user already exists", "Username already exists"),
    USER_NOT_FOUND(404, "user not found", "User not found"),
    CLIENT_ID_REQUIRED(400, null, "client_id is required"),
    TRANSMISSION_ID_REQUIRED(400, null, "transmission_id is required"),
    RECORDS_REQUIRED(400, null, "records array is required"),
    SINCE_VERSION_NEGATIVE(400, null, "since_version must be greater than or equal to 0"),
    SYNC_READ_FAILED(500, null, "Failed to retrieve sync data"),
    SYNC_WRITE_FAILED(500, null, "Failed to process sync data"),
    GENERATION_MISMATCH(
            409, "repository generation mismatch", "The repository was reset; wipe local data and sync again"),
    RESET_CONFIRMATION(400, null, "confirm must be RESET_REPOSITORY"),
    ATTACHMENT_ID_INVALID(400, null, "attachment_id is invalid"),
    ATTACHMENT_EXISTS(409, "file already exists", "Attachment already exists"),
    ATTACHMENT_TOO_LARGE(413, null, "Attachment exceeds upload size limit"),
    ATTACHMENT_NOT_FOUND(404, null, "Attachment not found"),
    EXACTLY_ONE_FILE(400, null, "Exactly one file part is required"),
    FILE_REQUIRED(400, null, "file is required"),
    MULTIPART_UNREADABLE(400, null, "Failed to parse multipart form"),
    UPLOAD_ABANDONED(408, null, "Client went away while waiting for an upload slot"),
    IMAGE_TOO_LARGE(413, null, "Image dimensions exceed the decode limit"),
    STORAGE_FAILED(500, null, "Failed to store attachment"),
    BUNDLE_PART_REQUIRED(400, null, "bundle file is required"),
    BUNDLE_INVALID(400, null, "Invalid app bundle"),
    BUNDLE_FILE_NOT_FOUND(404, null, "File not found"),
    BUNDLE_PATH_INVALID(400, null, "Invalid file path"),
    BUNDLE_ZIP_MISSING(404, null, "Bundle zip not available"),
    BUNDLE_VERSION_REQUIRED(400, null, "Version is required"),
    BUNDLE_VERSION_NOT_FOUND(404, "version not found", "App bundle version not found"),
    BUNDLE_CHANGES_FAILED(500, null, "Failed to compute changes"),
    EXPORT_FAILED(500, null, "Failed to export data"),
    IMPORT_FAILED(500, null, "Import failed; nothing was imported"),
    INTERNAL(500, null, "Internal server error");

    private final int status;
    private final String error;
    private final String message;

    SynkronusError(int status, String error, String message) {
        this.status = status;
        this.error = error;
        this.message = message;
    }

    public int status() {
        return status;
    }

    /** The envelope's {@code error}: the internal error text, or the reference's generic one. */
    public String error() {
        return error == null ? "An error occurred" : error;
    }

    public String message() {
        return message;
    }

    public SynkronusException exception() {
        return new SynkronusException(this, null);
    }

    public SynkronusException exception(String errorText) {
        return new SynkronusException(this, errorText);
    }
}
