package io.quintet.protocol.vv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class VersionVectorProperties {

    @Provide
    Arbitrary<VersionVector> vectors() {
        return Arbitraries.maps(
                        Arbitraries.of("n1", "n2", "n3", "n4"),
                        Arbitraries.longs().between(0, 4))
                .ofMaxSize(4)
                .map(VersionVector::of);
    }

    @Property
    void mergeIsIdempotent(@ForAll("vectors") VersionVector a) {
        assertEquals(a, a.merge(a));
    }

    @Property
    void mergeIsCommutative(@ForAll("vectors") VersionVector a, @ForAll("vectors") VersionVector b) {
        assertEquals(a.merge(b), b.merge(a));
    }

    @Property
    void mergeIsAssociative(
            @ForAll("vectors") VersionVector a,
            @ForAll("vectors") VersionVector b,
            @ForAll("vectors") VersionVector c) {
        assertEquals(a.merge(b).merge(c), a.merge(b.merge(c)));
    }

    @Property
    void mergeDominatesBoth(@ForAll("vectors") VersionVector a, @ForAll("vectors") VersionVector b) {
        VersionVector m = a.merge(b);
        assertTrue(m.dominates(a) && m.dominates(b));
    }

    @Property
    void compareIsAntisymmetric(@ForAll("vectors") VersionVector a, @ForAll("vectors") VersionVector b) {
        Causality ab = a.compare(b);
        Causality ba = b.compare(a);
        switch (ab) {
            case EQUAL -> assertEquals(Causality.EQUAL, ba);
            case BEFORE -> assertEquals(Causality.AFTER, ba);
            case AFTER -> assertEquals(Causality.BEFORE, ba);
            case CONCURRENT -> assertEquals(Causality.CONCURRENT, ba);
        }
    }

    @Property
    void compareAgreesWithDominance(@ForAll("vectors") VersionVector a, @ForAll("vectors") VersionVector b) {
        Causality c = a.compare(b);
        assertEquals(a.dominates(b), c == Causality.AFTER || c == Causality.EQUAL);
        assertEquals(b.dominates(a), c == Causality.BEFORE || c == Causality.EQUAL);
    }

    /** Sending a peer exactly the missing ranges brings it level. */
    @Property
    void missingRangesBringThePeerLevel(@ForAll("vectors") VersionVector mine, @ForAll("vectors") VersionVector peer) {
        VersionVector updated = peer;
        for (Map.Entry<String, SequenceRange> e : mine.missingFrom(peer).entrySet()) {
            assertEquals(peer.get(e.getKey()), e.getValue().afterExclusive());
            updated = updated.with(e.getKey(), e.getValue().upToInclusive());
        }
        assertTrue(updated.dominates(mine));
        assertEquals(peer.merge(mine), updated);
    }
}
