package io.quintet.protocol.lww;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The merge laws that make last-write-wins replicas converge. */
class LwwMergeProperties {

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
    Arbitrary<List<LwwRegister<String>>> writeLists() {
        return registers().list().ofMaxSize(20);
    }

    /** The register after every write of {@code writes}, in that order; empty for none. */
    static LwwRegister<String> replay(List<LwwRegister<String>> writes) {
        LwwRegister<String> register = null;
        for (LwwRegister<String> write : writes) {
            register = LwwRegister.merge(register, write);
        }
        return register;
    }

    @Property
    void registerMergeIsIdempotent(@ForAll("registers") LwwRegister<String> a) {
        assertEquals(a, a.merge(a));
    }

    @Property
    void registerMergeIsCommutative(
            @ForAll("registers") LwwRegister<String> a, @ForAll("registers") LwwRegister<String> b) {
        assertEquals(a.merge(b), b.merge(a));
    }

    @Property
    void registerMergeIsAssociative(
            @ForAll("registers") LwwRegister<String> a,
            @ForAll("registers") LwwRegister<String> b,
            @ForAll("registers") LwwRegister<String> c) {
        assertEquals(a.merge(b).merge(c), a.merge(b.merge(c)));
    }

    @Property
    void registerMergeKeepsTheHighestStamp(
            @ForAll("registers") LwwRegister<String> a, @ForAll("registers") LwwRegister<String> b) {
        assertEquals(LwwStamp.max(a.stamp(), b.stamp()), a.merge(b).stamp());
    }

    /** Replicas that receive the same writes in any order, however split up and merged, end equal. */
    @Property
    void replicasConvergeWhateverTheDeliveryOrder(
            @ForAll("writeLists") List<LwwRegister<String>> writes, @ForAll long seed) {
        LwwRegister<String> reference = replay(writes);
        Random random = new Random(seed);
        for (int replica = 0; replica < 3; replica++) {
            List<LwwRegister<String>> shuffled = new ArrayList<>(writes);
            Collections.shuffle(shuffled, random);
            // deliver part directly and part through a second replica that is merged in afterwards
            int split = shuffled.isEmpty() ? 0 : random.nextInt(shuffled.size() + 1);
            LwwRegister<String> direct = replay(shuffled.subList(0, split));
            LwwRegister<String> relayed = replay(shuffled.subList(split, shuffled.size()));
            assertEquals(reference, LwwRegister.merge(direct, relayed));
            assertEquals(reference, LwwRegister.merge(relayed, direct));
        }
    }

    @Property
    void anOlderWriteNeverResurrectsATombstone(@ForAll("stamps") LwwStamp put, @ForAll("stamps") LwwStamp removal) {
        LwwRegister<String> removedFirst =
                LwwRegister.<String>tombstone(removal).merge(LwwRegister.of("x", put));
        boolean putWins = put.compareTo(removal) > 0;
        assertEquals(putWins, !removedFirst.isTombstone());
    }
}
