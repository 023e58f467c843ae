// Preload (node --import) for the command line's run: its peak RSS, in kB, as it exits.
process.on("exit", () => process.stderr.write(`\nmax-rss-kb ${process.resourceUsage().maxRSS}\n`))
