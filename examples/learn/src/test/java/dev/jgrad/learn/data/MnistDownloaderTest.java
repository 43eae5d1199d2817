package dev.jgrad.learn.data;

import static dev.jgrad.learn.data.TestIdx.gzip;
import static dev.jgrad.learn.data.TestIdx.images;
import static dev.jgrad.learn.data.TestIdx.labels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every request goes to an HTTP server on the loopback interface that this test starts. */
@Timeout(60)
class MnistDownloaderTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path cache;

    private HttpServer server;
    private TruncatingServer truncating;
    private ExecutorService serverThreads;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> requested = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Behaviour> mirrorBehaviour = new ConcurrentHashMap<>();
    private final CountDownLatch releaseStalled = new CountDownLatch(1);
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final Map<String, String> sums = new LinkedHashMap<>();

    /** How a mirror answers a request for a file it has. */
    @FunctionalInterface
    private interface Behaviour {
        void respond(HttpExchange exchange, byte[] body) throws IOException, InterruptedException;
    }

    private static final Behaviour SERVE = (ex, body) -> {
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    };

    private static final Behaviour NOT_FOUND = (ex, body) -> ex.sendResponseHeaders(404, -1);

    private static final Behaviour CORRUPT = (ex, body) -> {
        byte[] wrong = body.clone();
        wrong[wrong.length / 2] ^= 0x01;
        SERVE.respond(ex, wrong);
    };

    /** Sends half of the training images and then nothing until the test ends; serves the rest. */
    private final Behaviour stall = (ex, body) -> {
        if (!ex.getRequestURI().getPath().endsWith("/train-images-idx3-ubyte.gz")) {
            SERVE.respond(ex, body);
            return;
        }
        ex.sendResponseHeaders(200, body.length);
        OutputStream out = ex.getResponseBody();
        out.write(body, 0, body.length / 2);
        out.flush();
        releaseStalled.await(20, TimeUnit.SECONDS);
    };

    @BeforeEach
    void startServer() throws IOException {
        put("train-images-idx3-ubyte.gz", gzip(images(20, 28, 28)));
        put("train-labels-idx1-ubyte.gz", gzip(labels(20)));
        put("t10k-images-idx3-ubyte.gz", gzip(images(6, 28, 28)));
        put("t10k-labels-idx1-ubyte.gz", gzip(labels(6)));

        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            String path = ex.getRequestURI().getPath();
            requested.add(path);
            String[] parts = path.split("/"); // "", mirror, file
            try {
                byte[] body = parts.length == 3 ? files.get(parts[2]) : null;
                Behaviour behaviour = mirrorBehaviour.getOrDefault(parts.length > 1 ? parts[1] : "", NOT_FOUND);
                (body == null ? NOT_FOUND : behaviour).respond(ex, body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ex.close();
            }
        });
        server.start();
        truncating = new TruncatingServer();
    }

    @AfterEach
    void stopServer() {
        releaseStalled.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
        truncating.close();
    }

    /**
     * Answers every request with a Content-Length 1000 bytes larger than the half of the file it
     * then sends before closing the connection. HttpServer cannot do this: it keeps a
     * short-written connection open, so the client would see a stall rather than an early end.
     */
    private final class TruncatingServer implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread thread;

        TruncatingServer() throws IOException {
            socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            thread = new Thread(this::serve, "truncating-server");
            thread.setDaemon(true);
            thread.start();
        }

        URI mirror() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/t/");
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    client.setSoTimeout(5000);
                    BufferedReader in = new BufferedReader(
                            new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                    String requestLine = in.readLine();
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        // skip the request headers
                    }
                    requests.incrementAndGet();
                    String path = requestLine.split(" ")[1];
                    requested.add(path);
                    byte[] body = files.get(path.substring(path.lastIndexOf('/') + 1));
                    OutputStream out = client.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + (body.length + 1000)
                            + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, 0, body.length / 2);
                    out.flush();
                } catch (IOException | RuntimeException e) {
                    // closed by the test, or a client that went away: either way, next connection
                }
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
                thread.join(5000);
            } catch (IOException e) {
                // already closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void put(String name, byte[] gz) {
        files.put(name, gz);
        sums.put(name, sha256(gz));
    }

    private URI mirror(String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name + "/");
    }

    private MnistDownloader downloader(String... mirrorNames) {
        List<URI> mirrors = Stream.of(mirrorNames).map(this::mirror).toList();
        return new MnistDownloader(mirrors, sums, TIMEOUT, TIMEOUT);
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private List<String> cacheListing() throws IOException {
        try (Stream<Path> s = Files.list(cache)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void assertCacheHoldsExactlyTheFiles() throws IOException {
        assertEquals(files.keySet().stream().sorted().toList(), cacheListing(), "no partial files left");
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            assertArrayEquals(f.getValue(), Files.readAllBytes(cache.resolve(f.getKey())), f.getKey());
        }
    }

    /** Records what the downloader reports. */
    private static final class Recorder implements MnistDownloader.Progress {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final Map<String, long[]> last = new ConcurrentHashMap<>();
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void update(String fileName, long bytesSoFar, long totalBytes) {
            last.put(fileName, new long[] {bytesSoFar, totalBytes});
        }

        @Override
        public void starting(String fileName, URI url) {
            events.add("start " + url.getPath());
        }

        @Override
        public void mirrorFailed(String fileName, URI url, String reason) {
            events.add("failed " + url.getPath());
            failures.add(reason);
        }

        @Override
        public void cached(String fileName) {
            events.add("cached " + fileName);
        }

        @Override
        public void done(String fileName) {
            events.add("done " + fileName);
        }
    }

    @Test
    void downloadsVerifiesAndLoads() throws IOException {
        mirrorBehaviour.put("a", SERVE);
        Recorder progress = new Recorder();
        MnistDownloader downloader = downloader("a");
        assertFalse(downloader.isCached(cache));

        Path dir = downloader.download(cache, progress);

        assertEquals(cache, dir);
        assertEquals(4, requests.get());
        assertCacheHoldsExactlyTheFiles();
        assertTrue(downloader.isCached(cache));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            long size = f.getValue().length;
            assertArrayEquals(new long[] {size, size}, progress.last.get(f.getKey()), "final progress of " + f.getKey());
        }
        assertEquals(List.of(
                "start /a/train-images-idx3-ubyte.gz", "done train-images-idx3-ubyte.gz",
                "start /a/train-labels-idx1-ubyte.gz", "done train-labels-idx1-ubyte.gz",
                "start /a/t10k-images-idx3-ubyte.gz", "done t10k-images-idx3-ubyte.gz",
                "start /a/t10k-labels-idx1-ubyte.gz", "done t10k-labels-idx1-ubyte.gz"), progress.events);

        MnistData data = MnistSource.fromDirectory(dir);
        assertEquals(20, data.train().count());
        assertEquals(6, data.test().count());
        assertEquals(TestIdx.pixel(19, 400), data.train().pixel(19, 400));
    }

    @Test
    void secondRunUsesTheCacheWithoutAnyRequest() throws IOException {
        mirrorBehaviour.put("a", SERVE);
        downloader("a").download(cache);
        assertEquals(4, requests.get());

        Recorder progress = new Recorder();
        MnistDownloader second = downloader("a");
        assertTrue(second.isCached(cache));
        second.download(cache, progress);

        assertEquals(4, requests.get(), "no request on the second run");
        assertEquals(files.keySet().stream().map(f -> "cached " + f).toList(), progress.events);
        assertCacheHoldsExactlyTheFiles();
    }

    @Test
    void damagedCachedFileIsFetchedAgainAlone() throws IOException {
        mirrorBehaviour.put("a", SERVE);
        MnistDownloader downloader = downloader("a");
        downloader.download(cache);
        Files.write(cache.resolve("t10k-labels-idx1-ubyte.gz"), new byte[] {1, 2, 3});
        assertFalse(downloader.isCached(cache));
        requested.clear();

        downloader.download(cache);

        assertEquals(List.of("/a/t10k-labels-idx1-ubyte.gz"), requested);
        assertCacheHoldsExactlyTheFiles();
        assertTrue(downloader.isCached(cache));
    }

    @Test
    void firstMirror404ThenSecondMirror() throws IOException {
        mirrorBehaviour.put("a", NOT_FOUND);
        mirrorBehaviour.put("b", SERVE);
        Recorder progress = new Recorder();

        downloader("a", "b").download(cache, progress);

        assertEquals(8, requests.get());
        assertEquals(List.of("HTTP 404", "HTTP 404", "HTTP 404", "HTTP 404"), progress.failures);
        assertCacheHoldsExactlyTheFiles();
    }

    @Test
    void unreachableMirrorThenSecondMirror() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        mirrorBehaviour.put("b", SERVE);
        Recorder progress = new Recorder();
        MnistDownloader downloader = new MnistDownloader(
                List.of(URI.create("http://127.0.0.1:" + closedPort + "/mnist/"), mirror("b")), sums, TIMEOUT, TIMEOUT);

        downloader.download(cache, progress);

        assertEquals(4, requests.get());
        assertEquals(4, progress.failures.size());
        assertTrue(progress.failures.get(0).startsWith("ConnectException"), progress.failures.get(0));
        assertCacheHoldsExactlyTheFiles();
    }

    @Test
    void checksumMismatchDeletesThePartialFileAndTriesTheNextMirror() throws IOException {
        mirrorBehaviour.put("a", CORRUPT);
        mirrorBehaviour.put("b", SERVE);
        Recorder progress = new Recorder();

        downloader("a", "b").download(cache, progress);

        assertEquals(8, requests.get());
        String sha = sums.get("train-images-idx3-ubyte.gz");
        assertTrue(progress.failures.get(0).startsWith("SHA-256 mismatch: expected " + sha + ", got "),
                progress.failures.get(0));
        assertCacheHoldsExactlyTheFiles();
    }

    @Test
    void everyMirrorMismatchingIsAnErrorNamingThemAll() throws IOException {
        mirrorBehaviour.put("a", CORRUPT);
        mirrorBehaviour.put("b", CORRUPT);
        String name = "train-images-idx3-ubyte.gz";
        byte[] wrong = files.get(name).clone();
        wrong[wrong.length / 2] ^= 0x01;
        String mismatch = "SHA-256 mismatch: expected " + sums.get(name) + ", got " + sha256(wrong);

        MnistDataException e = assertThrows(MnistDataException.class, () -> downloader("a", "b").download(cache));

        assertEquals("could not download " + name + " from any mirror, tried "
                + mirror("a") + name + " (" + mismatch + "), "
                + mirror("b") + name + " (" + mismatch + "); "
                + "to work offline, run without --download to use the bundled 10 000-digit subset, "
                + "or pass --data DIR with the four MNIST IDX files", e.getMessage());
        assertEquals(List.of(), cacheListing(), "nothing written under any name");
        assertEquals(2, requests.get(), "stops at the first file that cannot be had");
    }

    @Test
    void truncatedBodyIsRejectedAndTheNextMirrorTried() throws IOException {
        mirrorBehaviour.put("b", SERVE);
        Recorder progress = new Recorder();

        new MnistDownloader(List.of(truncating.mirror(), mirror("b")), sums, TIMEOUT, TIMEOUT).download(cache, progress);

        int size = files.get("train-images-idx3-ubyte.gz").length;
        String reason = progress.failures.get(0);
        // The client sees the early end either as a failed read or as a short body.
        String counts = size / 2 + " of " + (size + 1000) + " bytes";
        assertTrue(reason.startsWith("connection failed after " + counts + ": ")
                || reason.equals("incomplete: received " + counts), reason);
        assertEquals(4, progress.failures.size());
        assertCacheHoldsExactlyTheFiles();
    }

    @Test
    void truncatedEverywhereIsAnError() throws IOException {
        MnistDownloader downloader = new MnistDownloader(List.of(truncating.mirror()), sums, TIMEOUT, TIMEOUT);
        MnistDataException e = assertThrows(MnistDataException.class, () -> downloader.download(cache));
        String name = "train-images-idx3-ubyte.gz";
        assertTrue(e.getMessage().startsWith("could not download " + name + " from any mirror, tried "
                + truncating.mirror() + name + " ("), e.getMessage());
        assertTrue(e.getMessage().contains(" of " + (files.get(name).length + 1000) + " bytes"), e.getMessage());
        assertTrue(e.getMessage().endsWith("or pass --data DIR with the four MNIST IDX files"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals(List.of(), cacheListing());
    }

    @Test
    void stalledResponseIsAbandoned() throws IOException {
        mirrorBehaviour.put("a", stall);
        mirrorBehaviour.put("b", SERVE);
        Recorder progress = new Recorder();
        MnistDownloader downloader = new MnistDownloader(
                List.of(mirror("a"), mirror("b")), sums, TIMEOUT, Duration.ofMillis(1000));

        long start = System.nanoTime();
        downloader.download(cache, progress);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

        int size = files.get("train-images-idx3-ubyte.gz").length;
        assertEquals(List.of("stalled: no data for 1000 ms after " + size / 2 + " of " + size + " bytes"),
                progress.failures);
        assertEquals("/a/train-labels-idx1-ubyte.gz", requested.get(2), "the other files still come from a");
        assertTrue(seconds < 15, "took " + seconds + " s");
        assertCacheHoldsExactlyTheFiles();
    }

    @Test
    void wrongFileUnderTheRealNameIsReplaced() throws IOException {
        mirrorBehaviour.put("a", SERVE);
        Files.write(cache.resolve("train-labels-idx1-ubyte.gz"), new byte[] {9, 9});
        downloader("a").download(cache);
        assertCacheHoldsExactlyTheFiles();
    }

    @Test
    void mirrorWithoutTrailingSlashStillAppendsTheFileName() throws IOException {
        mirrorBehaviour.put("a", SERVE);
        String base = mirror("a").toString();
        MnistDownloader downloader = new MnistDownloader(
                List.of(URI.create(base.substring(0, base.length() - 1))), sums);
        assertEquals(List.of(mirror("a")), downloader.mirrors());
        downloader.download(cache);
        assertEquals("/a/train-images-idx3-ubyte.gz", requested.get(0));
        assertCacheHoldsExactlyTheFiles();
    }

    @Test
    void createsTheCacheDirectory() throws IOException {
        mirrorBehaviour.put("a", SERVE);
        Path nested = cache.resolve("x/y");
        downloader("a").download(nested);
        assertTrue(downloader("a").isCached(nested));
    }

    @Test
    void defaultsAreFullMnist() {
        MnistDownloader d = new MnistDownloader();
        assertEquals(List.of(URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"),
                URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/")), d.mirrors());
        assertEquals(List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"), List.copyOf(d.expectedSha256().keySet()));
        assertEquals("440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
                d.expectedSha256().get("train-images-idx3-ubyte.gz"));
    }

    @Test
    void defaultCacheDirFollowsXdg() {
        assertEquals(Path.of("/xdg/cache", "jgrad", "mnist"),
                MnistDownloader.defaultCacheDir(Map.of("XDG_CACHE_HOME", "/xdg/cache"), "/home/u"));
        assertEquals(Path.of("/home/u", ".cache", "jgrad", "mnist"),
                MnistDownloader.defaultCacheDir(Map.of(), "/home/u"));
        assertEquals(Path.of("/home/u", ".cache", "jgrad", "mnist"),
                MnistDownloader.defaultCacheDir(Map.of("XDG_CACHE_HOME", "relative/cache"), "/home/u"),
                "relative XDG_CACHE_HOME is ignored");
    }

    @Test
    void rejectsBadConfiguration() {
        List<URI> ok = List.of(URI.create("https://example.org/mnist/"));
        assertEquals("not a hex SHA-256 for a.gz: 1234", assertThrows(IllegalArgumentException.class,
                () -> new MnistDownloader(ok, Map.of("a.gz", "1234"))).getMessage());
        assertEquals("not a plain file name: ../a.gz", assertThrows(IllegalArgumentException.class,
                () -> new MnistDownloader(ok, Map.of("../a.gz", sums.values().iterator().next()))).getMessage());
        assertEquals("mirror must be an http or https URL: ftp://example.org/", assertThrows(IllegalArgumentException.class,
                () -> new MnistDownloader(List.of(URI.create("ftp://example.org/")))).getMessage());
        assertEquals("at least one mirror is needed", assertThrows(IllegalArgumentException.class,
                () -> new MnistDownloader(List.of())).getMessage());
    }
}
