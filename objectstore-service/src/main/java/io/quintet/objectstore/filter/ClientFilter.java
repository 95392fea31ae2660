package io.quintet.objectstore.filter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.objectstore.fullsync.Snapshot;
import io.quintet.objectstore.model.Entity;
import java.util.Map;

/**
 * The sync filters (3.8) bound to one client's variables: which stored objects (properties by UID)
 * the client sees. {@link #signature()} changes whenever the filter definition or the variables it
 * uses change, which forces a full sync.
 */
public record ClientFilter(Map<Long, FilterExpression> byType, String signature) implements Snapshot.Visibility {

    public static final ClientFilter ALL = new ClientFilter(Map.of(), "");

    @Override
    public boolean visible(Entity entity, ObjectNode props) {
        FilterExpression e = byType.get(entity.uid());
        return e == null || e.matches(props);
    }

    public boolean filters(long typeUid) {
        return byType.containsKey(typeUid);
    }
}
