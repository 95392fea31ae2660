package io.quintet.objectstore.model;

/** Property type codes of the model file (2.6) and how OSP/1 encodes their values (12.3). */
public final class PropertyType {

    public static final int BOOL = 1,
            BYTE = 2,
            SHORT = 3,
            CHAR = 4,
            INT = 5,
            LONG = 6,
            FLOAT = 7,
            DOUBLE = 8,
            STRING = 9,
            DATE = 10,
            RELATION = 11,
            DATE_NANO = 12,
            FLEX = 13,
            BOOL_VECTOR = 22,
            BYTE_VECTOR = 23,
            SHORT_VECTOR = 24,
            CHAR_VECTOR = 25,
            INT_VECTOR = 26,
            LONG_VECTOR = 27,
            FLOAT_VECTOR = 28,
            DOUBLE_VECTOR = 29,
            STRING_VECTOR = 30,
            DATE_VECTOR = 31,
            DATE_NANO_VECTOR = 32;

    private PropertyType() {}

    public static boolean isKnown(int type) {
        return (type >= 1 && type <= 13) || (type >= 22 && type <= 32);
    }

    /** 64-bit scalars travel as decimal strings in JSON and as integers in CBOR. */
    public static boolean isWideScalar(int type) {
        return type == LONG || type == DATE || type == DATE_NANO;
    }

    /** Vectors of 64-bit values: arrays of decimal strings in JSON. */
    public static boolean isWideVector(int type) {
        return type == LONG_VECTOR || type == DATE_VECTOR || type == DATE_NANO_VECTOR;
    }

    public static boolean isIntegral(int type) {
        return type == BYTE || type == SHORT || type == CHAR || type == INT || isWideScalar(type);
    }

    public static boolean isFloating(int type) {
        return type == FLOAT || type == DOUBLE;
    }
}
