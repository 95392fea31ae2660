package io.quintet.protocol.lww;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The merge laws that make last-write-wins replicas converge. */
class LwwMergeProperties {

    /** A write to one field of a record: small value spaces so that ties and collisions happen. */
    record FieldWrite(String field, String value, LwwStamp stamp) {
    }

    @Provide
    Arbitrary<LwwStamp> stamps() {
        return Combinators.combine(Arbitraries.longs().between(0, 5), Arbitraries.of("a", "b", "c"))
                .as(LwwStamp::new);
    }

    @Provide
    Arbitrary<LwwRegister<String>> registers() {
        Arbitrary<String> values = Arbitraries.of("x", "y", "z").injectNull(0.2);
        return Combinators.combine(values, stamps()).as(LwwRegister::new);
    }

    @Provide
    Arbitrary<FieldWrite> writes() {
        return Combinators.combine(Arbitraries.of("title", "url", "note"),
                Arbitraries.of("x", "y", "z").injectNull(0.2), stamps()).as(FieldWrite::new);
    }

    @Provide
    Arbitrary<List<FieldWrite>> writeLists() {
        return writes().list().ofMaxSize(20);
    }

    @Provide
    Arbitrary<LwwMap<String>> maps() {
        return writes().list().ofMaxSize(8).map(LwwMergeProperties::replay);
    }

    static LwwMap<String> replay(List<FieldWrite> writes) {
        LwwMap<String> map = LwwMap.empty();
        for (FieldWrite w : writes) {
            map = w.value() == null ? map.remove(w.field(), w.stamp()) : map.put(w.field(), w.value(), w.stamp());
        }
        return map;
    }

    @Property
    void registerMergeIsIdempotent(@ForAll("registers") LwwRegister<String> a) {
        assertEquals(a, a.merge(a));
    }

    @Property
    void registerMergeIsCommutative(@ForAll("registers") LwwRegister<String> a, @ForAll("registers") LwwRegister<String> b) {
        assertEquals(a.merge(b), b.merge(a));
    }

    @Property
    void registerMergeIsAssociative(@ForAll("registers") LwwRegister<String> a, @ForAll("registers") LwwRegister<String> b,
                                    @ForAll("registers") LwwRegister<String> c) {
        assertEquals(a.merge(b).merge(c), a.merge(b.merge(c)));
    }

    @Property
    void registerMergeKeepsTheHighestStamp(@ForAll("registers") LwwRegister<String> a, @ForAll("registers") LwwRegister<String> b) {
        assertEquals(LwwStamp.max(a.stamp(), b.stamp()), a.merge(b).stamp());
    }

    @Property
    void mapMergeIsIdempotent(@ForAll("maps") LwwMap<String> a) {
        assertEquals(a, a.merge(a));
    }

    @Property
    void mapMergeIsCommutative(@ForAll("maps") LwwMap<String> a, @ForAll("maps") LwwMap<String> b) {
        assertEquals(a.merge(b), b.merge(a));
    }

    @Property
    void mapMergeIsAssociative(@ForAll("maps") LwwMap<String> a, @ForAll("maps") LwwMap<String> b, @ForAll("maps") LwwMap<String> c) {
        assertEquals(a.merge(b).merge(c), a.merge(b.merge(c)));
    }

    /** Replicas that receive the same writes in any order, however split up and merged, end equal. */
    @Property
    void replicasConvergeWhateverTheDeliveryOrder(@ForAll("writeLists") List<FieldWrite> writes,
                                                  @ForAll long seed) {
        LwwMap<String> reference = replay(writes);
        Random random = new Random(seed);
        for (int replica = 0; replica < 3; replica++) {
            List<FieldWrite> shuffled = new ArrayList<>(writes);
            Collections.shuffle(shuffled, random);
            // deliver part directly and part through a second replica that is merged in afterwards
            int split = shuffled.isEmpty() ? 0 : random.nextInt(shuffled.size() + 1);
            LwwMap<String> direct = replay(shuffled.subList(0, split));
            LwwMap<String> relayed = replay(shuffled.subList(split, shuffled.size()));
            assertEquals(reference, direct.merge(relayed));
            assertEquals(reference, relayed.merge(direct));
        }
    }

    @Property
    void anOlderWriteNeverResurrectsARemovedField(@ForAll("stamps") LwwStamp put, @ForAll("stamps") LwwStamp removal) {
        LwwMap<String> removedLast = LwwMap.<String>empty().remove("title", removal).put("title", "x", put);
        boolean putWins = put.compareTo(removal) > 0;
        assertEquals(putWins, removedLast.get("title").isPresent());
    }
}
