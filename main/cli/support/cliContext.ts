/**
 * What a command hands back to the program: each command module exports
 * `register(program, ctx)` and reports its exit code through `ctx.exitCode`, not through
 * `process.exitCode`, so the program (and the tests) decide what to do with it.
 */
export interface CliContext {
  exitCode: number;
}
