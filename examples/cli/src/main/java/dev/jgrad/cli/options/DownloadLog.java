package dev.jgrad.cli.options;

import dev.jgrad.learn.data.MnistDownloader;

import java.io.PrintWriter;
import java.net.URI;

/** Download progress as lines on standard error. */
final class DownloadLog implements MnistDownloader.Progress {
    private final PrintWriter err;

    DownloadLog(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void update(String fileName, long bytesSoFar, long totalBytes) {
    }

    @Override
    public void starting(String fileName, URI url) {
        err.println("Downloading " + url);
        err.flush();
    }

    @Override
    public void mirrorFailed(String fileName, URI url, String reason) {
        err.println("  failed: " + reason);
        err.flush();
    }
}
