/**
 * The learning tools as plain Java: each takes its setup as values and returns its result as a value (records and
 * lists of them) that a caller can print, plot or assert on; none parses options, prints unasked or exits, so a
 * test, a consumer project or JShell calls them as {@code jgrad}'s commands do.
 * <ul>
 *   <li>{@link Race}: optimizers trained on the same data and ranked by test accuracy ({@code jgrad race}); its grid
 *       can be split over processes and merged back with {@link Cells};</li>
 *   <li>{@link StepTrace}: every number of every optimizer step, labelled with the line of the optimizer's algorithm
 *       box ({@code explain}), printed by {@link TraceTable};</li>
 *   <li>{@link Trajectories}: optimizers' paths over the 2-D test functions of {@link Surface}, for each
 *       {@link Method} ({@code trajectories});</li>
 *   <li>{@link WdSweep}: learning rate &times; weight decay, Adam + L2 against AdamW ({@code wd-sweep});</li>
 *   <li>{@link LrFinder}: the learning-rate range test ({@code lr-find});</li>
 *   <li>{@link Sharpness}: the top Hessian eigenvalue along training against 2/&gamma; ({@code sharpness});</li>
 *   <li>{@link InitExplorer}: activation and gradient statistics per layer for each initialisation ({@code init});</li>
 *   <li>their pictures, {@link RacePlot}, {@link SweepPlot}, {@link TrajectoryPlot}, {@link LrFindPlot},
 *       {@link SharpnessPlot} and {@link InitPlot} (XChart, headless), and {@link Outputs}, which writes a file
 *       whole or not at all.</li>
 * </ul>
 * The trainer, the data and the optimizer spec they build on are in {@code dev.jgrad.learn.train} and
 * {@code dev.jgrad.learn.data}; the command line over them is {@code dev.jgrad.cli.learn}.
 *
 * <p>May depend on: {@code dev.jgrad.learn.train}, {@code dev.jgrad.learn.data}, {@code dev.jgrad.optim},
 * {@code dev.jgrad.nn}, core, and XChart for the pictures; never on picocli or the command line.
 */
package dev.jgrad.learn;
