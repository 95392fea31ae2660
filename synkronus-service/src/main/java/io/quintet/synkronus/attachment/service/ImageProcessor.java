package io.quintet.synkronus.attachment.service;

import com.twelvemonkeys.image.ResampleOp;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import io.quintet.synkronus.config.SynkronusConfig;
import io.quintet.synkronus.error.SynkronusError;
import jakarta.inject.Singleton;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Image processing on upload (synkronus.md 9.6), blocking (callers run it on a worker): EXIF
 * orientation, a bounding box with Catmull-Rom scaling, re-encoding at {@code 95 − 5·L}; the
 * result replaces the upload only when it is smaller. Decoding is refused past the size limits.
 */
@Singleton
public class ImageProcessor {

    private final SynkronusConfig.Images settings;
    private final int level;

    public ImageProcessor(SynkronusConfig config) {
        this.settings = config.images();
        this.level = Math.max(0, Math.min(10, settings.compressionLevel()));
    }

    public boolean applies(String contentType) {
        return ("image/jpeg".equals(contentType) || "image/png".equals(contentType))
                && (level > 0
                        || settings.maxWidthPx() > 0
                        || settings.maxHeightPx() > 0
                        || settings.applyExifOrientation());
    }

    /** The smaller re-encoded bytes, or empty when the upload is to be stored unchanged. */
    public Optional<byte[]> process(byte[] upload, String contentType) {
        boolean jpeg = "image/jpeg".equals(contentType);
        int[] size = dimensions(upload);
        if (size == null) {
            return Optional.empty(); // not a decodable JPEG/PNG: stored as sent
        }
        int maxSide = settings.maxDimensionPx() > 0 ? settings.maxDimensionPx() : 16384;
        long maxPixels = settings.maxPixels() > 0 ? settings.maxPixels() : 40_000_000L;
        if (size[0] > maxSide || size[1] > maxSide || (long) size[0] * size[1] > maxPixels) {
            throw SynkronusError.IMAGE_TOO_LARGE.exception();
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(upload));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (image == null) {
            return Optional.empty();
        }
        boolean transformed = false;
        if (jpeg && settings.applyExifOrientation()) {
            int orientation = orientation(upload);
            if (orientation >= 2 && orientation <= 8) {
                image = orient(image, orientation);
                transformed = true;
            }
        }
        BufferedImage scaled = bound(image);
        if (scaled != image) {
            image = scaled;
            transformed = true;
        }
        if (!transformed && level == 0) {
            return Optional.empty();
        }
        byte[] encoded = encode(image, jpeg);
        return encoded != null && encoded.length < upload.length ? Optional.of(encoded) : Optional.empty();
    }

    private static int[] dimensions(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static int orientation(byte[] jpeg) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            List<JPEGSegment> exif = JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif");
            for (JPEGSegment segment : exif) {
                byte[] data = segment.data().readAllBytes();
                int offset = data.length > 0 && data[0] == 0 ? 1 : 0; // the identifier's second NUL, if left
                try (ImageInputStream tiff =
                        ImageIO.createImageInputStream(new ByteArrayInputStream(data, offset, data.length - offset))) {
                    Directory directory = new TIFFReader().read(tiff);
                    Entry entry = directory.getEntryById(274);
                    if (entry != null && entry.getValue() instanceof Number n) {
                        return n.intValue();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return 1;
        }
        return 1;
    }

    /** EXIF orientations 2–8 applied to the pixels. */
    static BufferedImage orient(BufferedImage src, int orientation) {
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swap = orientation >= 5;
        AffineTransform t = new AffineTransform();
        switch (orientation) {
            case 2 -> {
                t.translate(w, 0);
                t.scale(-1, 1);
            }
            case 3 -> {
                t.translate(w, h);
                t.rotate(Math.PI);
            }
            case 4 -> {
                t.translate(0, h);
                t.scale(1, -1);
            }
            case 5 -> {
                t.rotate(-Math.PI / 2);
                t.scale(-1, 1);
            }
            case 6 -> {
                t.translate(h, 0);
                t.rotate(Math.PI / 2);
            }
            case 7 -> {
                t.scale(-1, 1);
                t.translate(-h, 0);
                t.translate(0, w);
                t.rotate(3 * Math.PI / 2);
            }
            case 8 -> {
                t.translate(0, w);
                t.rotate(3 * Math.PI / 2);
            }
            default -> {
                return src;
            }
        }
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, imageType(src));
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(src, t, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private BufferedImage bound(BufferedImage image) {
        int maxW = settings.maxWidthPx();
        int maxH = settings.maxHeightPx();
        int w = image.getWidth();
        int h = image.getHeight();
        double factor = 1.0;
        if (maxW > 0 && w > maxW) {
            factor = Math.min(factor, (double) maxW / w);
        }
        if (maxH > 0 && h > maxH) {
            factor = Math.min(factor, (double) maxH / h);
        }
        if (factor >= 1.0) {
            return image;
        }
        int nw = Math.max(1, (int) Math.round(w * factor));
        int nh = Math.max(1, (int) Math.round(h * factor));
        return new ResampleOp(nw, nh, ResampleOp.FILTER_CATROM).filter(image, null);
    }

    private byte[] encode(BufferedImage image, boolean jpeg) {
        ImageWriter writer =
                ImageIO.getImageWritersByFormatName(jpeg ? "jpeg" : "png").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            BufferedImage toWrite = image;
            if (jpeg) {
                if (image.getColorModel().hasAlpha()) {
                    toWrite = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
                    Graphics2D g = toWrite.createGraphics();
                    g.drawImage(image, 0, 0, null);
                    g.dispose();
                }
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality((95 - 5 * level) / 100f);
            } else if (param.canWriteCompressed() && level > 0) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                // deflate effort: best for L >= 8, default for 4-7, fastest for 1-3 (quality is the inverse of effort)
                param.setCompressionQuality(level >= 8 ? 0.0f : level >= 4 ? 0.5f : 1.0f);
            }
            writer.write(null, new IIOImage(toWrite, null, null), param);
        } catch (IOException e) {
            return null;
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static int imageType(BufferedImage src) {
        int type = src.getType();
        return type == BufferedImage.TYPE_CUSTOM
                ? (src.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB)
                : type;
    }
}
