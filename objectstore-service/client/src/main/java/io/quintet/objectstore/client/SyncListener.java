package io.quintet.objectstore.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** Callbacks of a sync client; each has an empty default, so an app overrides what it needs. Called on the client's own thread. */
public interface SyncListener {

    /** LOGIN_OK (code 20) or LOGIN_FAIL's code (4.6). */
    default void loggedIn(int code, String reason) {}

    /** Data from the server changed these local IDs of one type. */
    default void changed(String type, Set<Long> put, Set<Long> removed) {}

    /** UPDATES_COMPLETE: the client is caught up. */
    default void syncCompleted(long hseq) {}

    default void objectsMessage(ObjectNode message) {}

    /** A rejected TX, a SYNC_ERROR or an ERROR from the server. */
    default void error(String code, String text) {}
}
