/**
 * Files jgrad writes: {@code AtomicFile}, the one atomic writer of the whole project (temporary file in
 * the same directory, fsync, rename, fsync of the directory, an ordinary file's permissions, leftovers of a
 * killed write cleaned up). Checkpoints, safetensors, optimizer state, metrics, plots and every learning
 * tool's output go through it.
 *
 * <p>May depend on: the JDK only.
 */
package dev.jgrad.io;
