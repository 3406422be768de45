package org.cityos.examples.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;

/** A command that only groups subcommands: called alone, it prints its usage and exits with {@link Cli#USAGE}. */
abstract class GroupCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Cli.USAGE;
    }
}
