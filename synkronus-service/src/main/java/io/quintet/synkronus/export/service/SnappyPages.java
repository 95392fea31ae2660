package io.quintet.synkronus.export.service;

import io.airlift.compress.snappy.SnappyCompressor;
import java.io.IOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet's page codec without Hadoop: Snappy (Parquet's usual codec) from aircompressor, pure
 * Java. parquet-hadoop's own factory reaches for Hadoop's codec classes, which this service does
 * not ship.
 */
final class SnappyPages implements CompressionCodecFactory {

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        if (codec != CompressionCodecName.SNAPPY) {
            throw new IllegalArgumentException("only Snappy pages are written: " + codec);
        }
        return new BytesInputCompressor() {
            private final SnappyCompressor snappy = new SnappyCompressor();

            @Override
            public BytesInput compress(BytesInput page) throws IOException {
                byte[] raw = page.toByteArray();
                byte[] out = new byte[snappy.maxCompressedLength(raw.length)];
                int length = snappy.compress(raw, 0, raw.length, out, 0, out.length);
                return BytesInput.from(out, 0, length);
            }

            @Override
            public CompressionCodecName getCodecName() {
                return CompressionCodecName.SNAPPY;
            }

            @Override
            public void release() {}
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("the service writes Parquet, it never reads it");
    }

    @Override
    public void release() {}
}
