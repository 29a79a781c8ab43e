import { component, pipeline } from "kfp-ts";

/** Components and a pipeline as static methods, marked with standard (TC39) decorators. */
export class Greetings {
  /**
   * Builds a greeting.
   * @param name who to greet
   * @param punctuation what ends the greeting
   */
  @component()
  static greet(name: string, punctuation = "!"): string {
    return `Hello, ${name}${punctuation}`;
  }

  /** Upper-cases a text. */
  @component()
  static shout(text: string): string {
    return text.toUpperCase();
  }

  /** Greets loudly. */
  @pipeline({ name: "greetings" })
  static greetings(name = "world") {
    const greeting = Greetings.greet(name);
    return Greetings.shout(greeting);
  }
}
