/**
 * The commands of the learning tools: {@link ExplainCommand}, {@link TrajectoriesCommand}, {@link WdSweepCommand},
 * {@link RaceCommand}, {@link GraphCommand}, {@link SharpnessCommand}, {@link InitCommand} and
 * {@link LrFindCommand}. Each turns options into the setup of a tool of {@code dev.jgrad.learn}, runs it, and
 * prints or writes its result; long ones show that they are working on standard error.
 *
 * <p>May depend on: {@code dev.jgrad.learn} and its subpackages, every jgrad module, {@code dev.jgrad.cli} for the
 * shared error type, and picocli.
 */
package dev.jgrad.cli.learn;
