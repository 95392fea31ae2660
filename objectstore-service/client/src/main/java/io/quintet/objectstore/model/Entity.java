package io.quintet.objectstore.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One type of the model (2.4), with its properties looked up by name. */
public record Entity(
        IdUid id, String name, int flags, IdUid lastPropertyId, List<Property> properties, List<Relation> relations) {

    public boolean syncEnabled() {
        return Flags.has(flags, Flags.SYNC_ENABLED);
    }

    public boolean sharedGlobalIds() {
        return Flags.has(flags, Flags.SHARED_GLOBAL_IDS);
    }

    public long uid() {
        return id.uid();
    }

    public Property idProperty() {
        return properties.stream().filter(Property::isId).findFirst().orElseThrow();
    }

    /** Properties by name as sent on the wire (the ID property is not sent). */
    public Map<String, Property> wireProperties() {
        Map<String, Property> byName = new LinkedHashMap<>();
        for (Property p : properties) {
            if (!p.isId()) byName.put(p.name(), p);
        }
        return byName;
    }

    public Optional<Property> property(String name) {
        return properties.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<Property> flagged(int flag) {
        return properties.stream().filter(p -> p.has(flag)).findFirst();
    }

    public String lowerName() {
        return name.toLowerCase(Locale.ROOT);
    }
}
