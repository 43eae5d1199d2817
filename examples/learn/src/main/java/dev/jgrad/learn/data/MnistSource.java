package dev.jgrad.learn.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where MNIST-format data comes from: the subset bundled in this jar, or a directory holding the
 * four standard IDX files (full MNIST as fetched by {@link MnistDownloader}, Fashion-MNIST, or
 * any dataset in the same format).
 *
 * <p>All sources require 28x28 images, the input size the examples' models are built for.
 */
public final class MnistSource {
    /** Image height and width of MNIST and Fashion-MNIST. */
    public static final int SIDE = 28;
    /** Pixels per image, {@code SIDE * SIDE}. */
    public static final int PIXELS = SIDE * SIDE;

    /** Base names of the four files, in the order train images, train labels, test images, test labels. */
    public static final List<String> FILE_NAMES = List.of(
            "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    static final String BUNDLED_DIR = "/dev/jgrad/learn/data/mnist-subset/";
    static final String BUNDLED_NAME = "mnist-subset";

    private MnistSource() {
    }

    /**
     * Loads the bundled subset: 10 000 real MNIST training digits, split 8 000 / 2 000 with each
     * class split 80/20, small enough to ship in the jar and train on in seconds.
     *
     * @throws MnistDataException if the resources are missing from the classpath or damaged
     */
    public static MnistData bundled() {
        Dataset train = IdxReader.read(resource(FILE_NAMES.get(0)), resource(FILE_NAMES.get(1)), PIXELS);
        Dataset test = IdxReader.read(resource(FILE_NAMES.get(2)), resource(FILE_NAMES.get(3)), PIXELS);
        return new MnistData(train, test, "bundled MNIST subset (" + train.count() + " train / "
                + test.count() + " test digits)");
    }

    /**
     * Loads the four IDX files from a directory. Each may be raw or gzipped, named as the original
     * distribution does ({@code train-images-idx3-ubyte}, optionally with {@code .gz}) or with a dot
     * before {@code idx} ({@code train-images.idx3-ubyte}) as some re-distributions do. The Debian
     * package {@code dataset-fashion-mnist} installs Fashion-MNIST under the standard names, so its
     * directory loads as is.
     *
     * @throws MnistDataException if a file is missing or malformed; the message names the file
     */
    public static MnistData fromDirectory(Path dir) {
        Objects.requireNonNull(dir, "dir");
        String expected = "expected a directory with " + String.join(", ", FILE_NAMES) + " (optionally .gz)";
        if (dir.toString().isEmpty()) {
            throw new MnistDataException("the data directory is an empty string; " + expected);
        }
        if (!Files.isDirectory(dir)) {
            throw new MnistDataException(dir + ": " + whyNoDirectory(dir) + ", " + expected);
        }
        if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
            throw new MnistDataException(dir + ": permission denied: cannot list the directory, " + expected);
        }
        List<Path> files = new ArrayList<>(FILE_NAMES.size());
        for (String name : FILE_NAMES) {
            files.add(locate(dir, name));
        }
        Dataset train = IdxReader.read(files.get(0), files.get(1), PIXELS);
        Dataset test = IdxReader.read(files.get(2), files.get(3), PIXELS);
        return new MnistData(train, test, "IDX files in " + dir + " (" + train.count() + " train / "
                + test.count() + " test images)");
    }

    /**
     * Why {@code dir}, which is no directory, is not one: it is a file, an ancestor is a file, an
     * ancestor cannot be searched, or it does not exist.
     */
    static String whyNoDirectory(Path dir) {
        if (Files.exists(dir)) {
            return "not a directory";
        }
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p)) {
                return Files.isExecutable(p) ? "directory not found" : "permission denied: cannot search " + p;
            }
            if (Files.exists(p)) {
                return p + " is a file, not a directory";
            }
        }
        return "directory not found";
    }

    /**
     * The existing file among the accepted spellings of {@code baseName}, the first if several hold
     * the same data (a file and its gzipped copy); several with different data are refused.
     */
    static Path locate(Path dir, String baseName) {
        List<String> candidates = candidates(baseName);
        Path found = null;
        for (String candidate : candidates) {
            Path p = dir.resolve(candidate);
            if (!Files.isRegularFile(p)) {
                continue;
            }
            if (found == null) {
                found = p;
            } else if (!IdxReader.sameContent(found, p)) {
                // e.g. a fresh download beside an old unpacked copy: which one is meant cannot be guessed
                throw new MnistDataException(dir + ": both " + found.getFileName() + " and " + p.getFileName()
                        + " are there and hold different data; remove the one you do not mean");
            }
        }
        if (found != null) {
            return found;
        }
        for (String candidate : candidates) {
            if (Files.isDirectory(dir.resolve(candidate))) {
                throw new MnistDataException(dir.resolve(candidate) + ": is a directory, expected the IDX file "
                        + baseName);
            }
        }
        throw new MnistDataException(dir + ": missing " + baseName + " (looked for "
                + String.join(", ", candidates) + ")");
    }

    static List<String> candidates(String baseName) {
        // "train-images-idx3-ubyte" -> "train-images.idx3-ubyte"
        int cut = baseName.lastIndexOf("-idx");
        String dotted = baseName.substring(0, cut) + "." + baseName.substring(cut + 1);
        return List.of(baseName, baseName + ".gz", dotted, dotted + ".gz");
    }

    private static IdxReader.Source resource(String baseName) {
        String path = BUNDLED_DIR + baseName + ".gz";
        String name = "bundled " + BUNDLED_NAME + "/" + baseName + ".gz";
        if (MnistSource.class.getResource(path) == null) {
            throw new MnistDataException(name + ": not found on the classpath (is the jar complete?)");
        }
        return IdxReader.Source.stream(name, () -> MnistSource.class.getResourceAsStream(path));
    }
}
