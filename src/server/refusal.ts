/** A request refused for a reason the user can act on: `message` is Chinese and safe to show; `status` is HTTP. */
export class Refusal extends Error {
  override name = 'Refusal';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}
