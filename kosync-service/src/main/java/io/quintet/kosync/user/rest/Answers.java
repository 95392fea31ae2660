package io.quintet.kosync.user.rest;

/** The user routes' success bodies, each exactly the keys the protocol names. */
final class Answers {

    private Answers() {}

    record Registered(String username) {}

    record Authorized(String authorized) {
        static final Authorized OK = new Authorized("OK");
    }

    record Updated(boolean updated) {}

    record Deleted(boolean deleted) {}

    /** Body of PUT /users/password and of the registration request, for the OpenAPI document. */
    record KeyChange(String password) {}

    record Registration(String username, String password) {}
}
