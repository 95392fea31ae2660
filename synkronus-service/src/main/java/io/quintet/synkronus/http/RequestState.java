package io.quintet.synkronus.http;

import jakarta.enterprise.context.RequestScoped;

/** Per-request facts found by the filters: the caller and whether a legacy (no /api) path was used. */
@RequestScoped
public class RequestState {

    private Caller caller;
    private boolean legacy;

    public Caller caller() {
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller on this route");
        }
        return caller;
    }

    void caller(Caller caller) {
        this.caller = caller;
    }

    public boolean legacy() {
        return legacy;
    }

    void legacy(boolean legacy) {
        this.legacy = legacy;
    }
}
