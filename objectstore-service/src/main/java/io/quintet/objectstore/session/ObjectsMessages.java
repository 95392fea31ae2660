package io.quintet.objectstore.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * Objects messages (3.10): client messages go to the server application's listeners; the server
 * broadcasts to every logged-in client of this replica. No persistence, no delivery guarantee.
 */
@Singleton
public class ObjectsMessages {

    private final List<BiConsumer<String, ObjectNode>> listeners = new CopyOnWriteArrayList<>();
    private volatile SessionRegistry sessions;

    void attach(SessionRegistry registry) {
        this.sessions = registry;
    }

    /** Receives (client ID, message with {@code topic} and {@code objects}). */
    public void listen(BiConsumer<String, ObjectNode> listener) {
        listeners.add(listener);
    }

    public void removeListener(BiConsumer<String, ObjectNode> listener) {
        listeners.remove(listener);
    }

    void received(String clientId, ObjectNode message) {
        listeners.forEach(l -> l.accept(clientId, message));
    }

    /** Sends {@code MSG_OBJECTS} with this topic and objects to every logged-in client; answers how many. */
    public int broadcast(ObjectNode message) {
        ObjectNode copy = message.deepCopy();
        copy.put("t", "MSG_OBJECTS");
        return sessions == null ? 0 : sessions.broadcast(copy);
    }
}
