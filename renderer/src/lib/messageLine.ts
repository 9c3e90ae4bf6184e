// One message line (a view's, or the status bar) for actions that answer late.
// An action takes a turn when it starts; what it says when it ends is shown only
// if no later action has spoken or started since, so a slow save's "Saved." never
// covers a newer refusal. Errors always show: a write that failed must be seen
// even after the user moved on.
export type LineMessage = { kind: 'error' | 'info'; text: string };

export class MessageLine<M extends { kind: string } = LineMessage> {
  private turn = 0;
  constructor(private readonly show: (m: M) => void) {}

  /** An action starts now; the function it gets back says its outcome. */
  begin(): (m: M) => void {
    const mine = ++this.turn;
    return (m) => {
      if (m.kind === 'error' || mine === this.turn) {
        this.turn++;
        this.show(m);
      }
    };
  }

  /** A message from an action that ends as it starts. */
  say(m: M): void {
    this.begin()(m);
  }
}
