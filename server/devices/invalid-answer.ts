// A CPE answer that is well-formed but does not fit what was asked (AddObject Status 9005, an
// instance number of 0, more parameter names than the ACS accepts). The task that sent the request
// ends as a fault with this message and nothing from the answer is stored; other tasks go on.
export class InvalidAnswer extends Error {
  constructor(detail: string) {
    super(`invalid response: ${detail}`);
    this.name = "InvalidAnswer";
  }
}
