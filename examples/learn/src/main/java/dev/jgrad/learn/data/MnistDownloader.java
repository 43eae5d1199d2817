package dev.jgrad.learn.data;

import dev.jgrad.io.AtomicFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Fetches the full MNIST files (60 000 + 10 000 digits, about 11 MB gzipped) into a cache
 * directory, so that {@link MnistSource#fromDirectory(Path)} can load them.
 *
 * <p>Each file is tried on every mirror in order until one delivers bytes with the expected
 * SHA-256. A download goes to a temporary file in the cache directory and is renamed into place
 * only once verified, so the cache never holds a partial or wrong file under the real name, and
 * files already present and verified are not fetched again.
 */
public final class MnistDownloader {
    /** Mirrors of the original files, tried in this order. */
    public static final List<URI> DEFAULT_MIRRORS = List.of(
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"),
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"));

    /** SHA-256 of the four original MNIST files, by file name, in download order. */
    public static final Map<String, String> MNIST_SHA256 = orderedMap(
            "train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
            "train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
            "t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
            "t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6");

    /** Default time allowed to open a connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
    /** Default time a response may go without delivering a byte before the mirror is given up. */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);

    static final String OFFLINE_HINT = "to work offline, run without --download to use the bundled "
            + "10 000-digit subset, or pass --data DIR with the four MNIST IDX files";

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final int BUFFER = 1 << 16;

    /**
     * Receives download progress, for a progress bar or a log. Only {@link #update} is required;
     * calls come from the downloading thread.
     */
    @FunctionalInterface
    public interface Progress {
        /** Reports nothing. */
        Progress NONE = (fileName, bytesSoFar, totalBytes) -> { };

        /**
         * Bytes of {@code fileName} received so far from the current mirror.
         *
         * @param totalBytes the announced size, or -1 if the server did not say
         */
        void update(String fileName, long bytesSoFar, long totalBytes);

        /** A request for {@code fileName} is about to go to {@code url}. */
        default void starting(String fileName, URI url) {
        }

        /** {@code url} did not deliver a verified {@code fileName}; the next mirror comes next. */
        default void mirrorFailed(String fileName, URI url, String reason) {
        }

        /** {@code fileName} was already in the cache with the right checksum. */
        default void cached(String fileName) {
        }

        /** {@code fileName} was downloaded, verified and moved into the cache. */
        default void done(String fileName) {
        }
    }

    private final List<URI> mirrors;
    private final Map<String, String> expectedSha256;
    private final Duration stallTimeout;
    private final HttpClient client;

    /** Full MNIST from {@link #DEFAULT_MIRRORS} with the default timeouts. */
    public MnistDownloader() {
        this(DEFAULT_MIRRORS);
    }

    /**
     * Full MNIST from the mirrors given as text, e.g. by {@code --mirror}.
     *
     * @throws IllegalArgumentException naming a mirror that is not a valid URL
     */
    public static MnistDownloader of(List<String> mirrors) {
        List<URI> uris = new ArrayList<>();
        for (String m : mirrors) {
            try {
                uris.add(new URI(m));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a valid URL: " + m, e);
            }
        }
        return new MnistDownloader(uris);
    }

    /** Full MNIST from the given mirrors, tried in order, with the default timeouts. */
    public MnistDownloader(List<URI> mirrors) {
        this(mirrors, MNIST_SHA256);
    }

    /**
     * Any set of files from the given mirrors, with the default timeouts.
     *
     * @param expectedSha256 file name to lower- or upper-case hex SHA-256; files are fetched in
     *     the map's iteration order
     */
    public MnistDownloader(List<URI> mirrors, Map<String, String> expectedSha256) {
        this(mirrors, expectedSha256, DEFAULT_CONNECT_TIMEOUT, DEFAULT_STALL_TIMEOUT);
    }

    /**
     * Any set of files from the given mirrors.
     *
     * @param mirrors base URLs (http or https) that each file name is resolved against
     * @param expectedSha256 file name to hex SHA-256, fetched in the map's iteration order
     * @param connectTimeout time allowed to open a connection
     * @param stallTimeout time a response may go without delivering any byte, headers included
     */
    public MnistDownloader(List<URI> mirrors, Map<String, String> expectedSha256,
                           Duration connectTimeout, Duration stallTimeout) {
        Objects.requireNonNull(mirrors, "mirrors");
        Objects.requireNonNull(expectedSha256, "expectedSha256");
        if (mirrors.isEmpty()) {
            throw new IllegalArgumentException("at least one mirror is needed");
        }
        if (expectedSha256.isEmpty()) {
            throw new IllegalArgumentException("at least one file is needed");
        }
        requirePositive(connectTimeout, "connectTimeout");
        this.stallTimeout = requirePositive(stallTimeout, "stallTimeout");
        List<URI> bases = new ArrayList<>();
        for (URI mirror : mirrors) {
            bases.add(asBase(mirror));
        }
        this.mirrors = List.copyOf(bases);
        Map<String, String> sums = new LinkedHashMap<>();
        expectedSha256.forEach((name, sha) -> {
            if (name == null || name.isBlank() || name.contains("/") || name.contains("\\")
                    || name.equals(".") || name.equals("..")) {
                throw new IllegalArgumentException("not a plain file name: " + name);
            }
            String lower = sha == null ? "" : sha.toLowerCase(Locale.ROOT);
            if (!SHA256_HEX.matcher(lower).matches()) {
                throw new IllegalArgumentException("not a hex SHA-256 for " + name + ": " + sha);
            }
            sums.put(name, lower);
        });
        this.expectedSha256 = Collections.unmodifiableMap(sums);
        // One large body per request gains nothing from HTTP/2, and HTTP/1.1 keeps failures simple.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** The mirrors in the order they are tried, each ending in a slash. */
    public List<URI> mirrors() {
        return mirrors;
    }

    /** File name to expected SHA-256 (lower-case hex), in download order. */
    public Map<String, String> expectedSha256() {
        return expectedSha256;
    }

    /**
     * {@code $XDG_CACHE_HOME/jgrad/mnist} if that variable holds an absolute path, else
     * {@code ~/.cache/jgrad/mnist}.
     */
    public static Path defaultCacheDir() {
        return defaultCacheDir(System.getenv(), System.getProperty("user.home"));
    }

    static Path defaultCacheDir(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_CACHE_HOME");
        // The XDG spec says relative values are invalid and must be ignored.
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "jgrad", "mnist");
        }
        return Path.of(userHome, ".cache", "jgrad", "mnist");
    }

    /**
     * Whether every file is already in {@code cacheDir} with the expected checksum, so the full
     * dataset can be used without a network. Reads the files to check them.
     */
    public boolean isCached(Path cacheDir) {
        for (Map.Entry<String, String> file : expectedSha256.entrySet()) {
            if (!verified(cacheDir.resolve(file.getKey()), file.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** {@link #download(Path, Progress)} without progress reports. */
    public Path download(Path cacheDir) {
        return download(cacheDir, Progress.NONE);
    }

    /**
     * Makes sure every file is in {@code cacheDir} with the expected checksum, fetching the
     * missing or damaged ones.
     *
     * @return {@code cacheDir}, ready for {@link MnistSource#fromDirectory(Path)}
     * @throws MnistDataException if a file could not be had from any mirror; the one-line message
     *     lists each mirror with its failure and how to carry on offline
     */
    public Path download(Path cacheDir, Progress progress) {
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(progress, "progress");
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            throw new MnistDataException("cannot create cache directory " + cacheDir + ": "
                    + IdxReader.describe(e) + "; " + OFFLINE_HINT, e);
        }
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mnist-download-watchdog");
            t.setDaemon(true);
            return t;
        });
        try {
            for (Map.Entry<String, String> file : expectedSha256.entrySet()) {
                fetch(cacheDir, file.getKey(), file.getValue(), progress, watchdog);
            }
        } finally {
            watchdog.shutdownNow();
        }
        return cacheDir;
    }

    private void fetch(Path dir, String fileName, String sha, Progress progress,
                       ScheduledExecutorService watchdog) {
        Path target = dir.resolve(fileName);
        if (verified(target, sha)) {
            progress.cached(fileName);
            return;
        }
        List<String> failures = new ArrayList<>();
        for (URI mirror : mirrors) {
            URI url = mirror.resolve(fileName);
            progress.starting(fileName, url);
            String failure = tryOne(url, dir, target, fileName, sha, progress, watchdog);
            if (failure == null) {
                progress.done(fileName);
                return;
            }
            failure = oneLine(failure);
            failures.add(url + " (" + failure + ")");
            progress.mirrorFailed(fileName, url, failure);
        }
        throw new MnistDataException("could not download " + fileName + " from any mirror, tried "
                + String.join(", ", failures) + "; " + OFFLINE_HINT);
    }

    /** One attempt; returns null on success, else why it failed. Never leaves a temp file behind. */
    private String tryOne(URI url, Path dir, Path target, String fileName, String sha,
                          Progress progress, ScheduledExecutorService watchdog) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(stallTimeout)
                .header("User-Agent", "jgrad-examples")
                .GET()
                .build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    return "HTTP " + response.statusCode();
                }
                long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                MessageDigest digest = sha256();
                // The target gets its name only after the whole body arrived and hashed right; until then
                // the bytes live in AtomicFile's temporary file, which a failure deletes.
                AtomicFile.writeStream(target, out -> {
                    String failure = receive(body, total, out, digest, fileName, progress, watchdog);
                    if (failure == null) {
                        String actual = HexFormat.of().formatHex(digest.digest());
                        if (!actual.equals(sha)) {
                            failure = "SHA-256 mismatch: expected " + sha + ", got " + actual;
                        }
                    }
                    if (failure != null) {
                        throw new Rejected(failure);
                    }
                });
                return null;
            }
        } catch (Rejected e) {
            return e.getMessage();
        } catch (HttpTimeoutException e) {
            return "no response within " + stallTimeout.toMillis() + " ms";
        } catch (IOException e) {
            return rootCause(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MnistDataException("download of " + fileName + " from " + url + " interrupted", e);
        }
    }

    /** A download that arrived but must not be kept; the message says why. */
    private static final class Rejected extends IOException {
        private static final long serialVersionUID = 1L;

        Rejected(String reason) {
            super(reason);
        }
    }

    /**
     * Copies the body into {@code sink}, feeding {@code digest}; returns null when the body ended
     * with as many bytes as announced, else why not.
     */
    private String receive(InputStream body, long total, OutputStream sink, MessageDigest digest, String fileName,
                           Progress progress, ScheduledExecutorService watchdog) throws IOException {
        AtomicLong lastByte = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        long stallNanos = stallTimeout.toNanos();
        long period = Math.max(1, stallTimeout.toMillis() / 4);
        // HttpClient has no read timeout, so a silent server would block read() forever;
        // closing the body from another thread wakes the reader up.
        ScheduledFuture<?> guard = watchdog.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastByte.get() > stallNanos && stalled.compareAndSet(false, true)) {
                closeQuietly(body);
            }
        }, period, period, TimeUnit.MILLISECONDS);
        long received = 0;
        try {
            OutputStream out = sink;
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                lastByte.set(System.nanoTime());
                out.write(buffer, 0, n);
                digest.update(buffer, 0, n);
                received += n;
                progress.update(fileName, received, total);
            }
        } catch (IOException e) {
            if (stalled.get()) {
                return stalledMessage(received, total);
            }
            return "connection failed after " + sizeSoFar(received, total) + ": " + rootCause(e);
        } finally {
            guard.cancel(false);
        }
        if (stalled.get()) {
            return stalledMessage(received, total);
        }
        if (total >= 0 && received != total) {
            return "incomplete: received " + sizeSoFar(received, total);
        }
        return null;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // Closing is only a way to wake the reader, which then reports the stall.
        }
    }

    private String stalledMessage(long received, long total) {
        return "stalled: no data for " + stallTimeout.toMillis() + " ms after " + sizeSoFar(received, total);
    }

    // HttpClient wraps the real failure: a body read fails with "closed" around the EOFException
    // that says why, and a refused connection is a bare ConnectException around a bare cause.
    // The deepest message is the telling one; without any, the outer type is.
    private static String rootCause(Exception e) {
        Throwable telling = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                telling = t;
            }
        }
        return IdxReader.describe(telling);
    }

    private static String sizeSoFar(long received, long total) {
        return received + (total >= 0 ? " of " + total : "") + " bytes";
    }

    /** Whether {@code file} exists and hashes to {@code sha}. */
    static boolean verified(Path file, String sha) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            return sha256Hex(file).equals(sha);
        } catch (IOException e) {
            return false;
        }
    }

    static String sha256Hex(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    private static URI asBase(URI mirror) {
        Objects.requireNonNull(mirror, "mirror");
        String scheme = mirror.getScheme();
        if (!mirror.isAbsolute() || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw new IllegalArgumentException("mirror must be an http or https URL: " + mirror);
        }
        // Without the slash, resolve() would replace the last path segment instead of appending.
        String s = mirror.toString();
        return s.endsWith("/") ? mirror : URI.create(s + "/");
    }

    private static Duration requirePositive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        return d;
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
