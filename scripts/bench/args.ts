// Command-line arguments of the benchmark scripts: `--name value` options and the positional rest.

/** The number after `--name` on the command line, or `fallback` when it is absent. */
export function option(name: string, fallback: number): number;
export function option(name: string): number | undefined;
export function option(name: string, fallback?: number): number | undefined {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

/** The arguments after the script's path, without the given `--name value` options. */
export function positional(...options: string[]): string[] {
  const args = process.argv.slice(2);
  return args.filter((a, i) => !options.includes(a) && !options.includes(args[i - 1]));
}
