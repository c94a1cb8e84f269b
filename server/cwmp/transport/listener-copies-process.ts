// The helper of listener-copies.ts: handed the node's listening socket (a raw handle: it never listens
// or accepts here), it sends it back as many times as asked, each arriving as a new file descriptor,
// and exits.
if (process.send && process.env.VANTAGE_LISTENER_COPIES === "1") {
  process.once("message", (message: unknown, handle: unknown) => {
    const copies = (message as { copies?: unknown }).copies;
    if (typeof copies !== "number" || !Number.isInteger(copies) || copies < 1 || copies > 64 || !handle)
      process.exit(1);
    let left = copies;
    for (let i = 0; i < copies; i++)
      process.send!({ copy: i }, handle as never, { keepOpen: true }, (err: Error | null) => {
        if (err || --left === 0) process.exit(err ? 1 : 0);
      });
  });
  process.once("disconnect", () => process.exit(0));
}
