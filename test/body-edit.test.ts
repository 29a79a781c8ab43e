import { describe, expect, it } from "vitest";
import { ts } from "ts-morph";
import { bodyEditOf } from "../transformer/build/body-edit.js";

const parse = (text: string) => ts.createSourceFile("/project/steps.ts", text, ts.ScriptTarget.ES2022, true);
const steps = (body: string, signature = "(x: number): number") => `import { component } from "kfp-ts";\n\nexport const step = component(${signature} => {\n  ${body}\n});\nexport const after = 1;\n`;
const editOf = (before: string, after: string, bodiesRead: { start: number; end: number }[] = []) =>
  bodyEditOf(parse(before), parse(after), bodiesRead.map((span) => ({ file: "/project/steps.ts", ...span })));

describe("a body edit: a change no analysis can see", () => {
  it("is an edit inside the body of a function whose return type is written", () => {
    const before = steps("return x + 1;");
    const inserted = before.indexOf("1;") + 1;
    expect(editOf(before, steps("return x + 12;"))).toEqual({ start: inserted, oldEnd: inserted, newEnd: inserted + 1 });
    expect(editOf(before, before)).toEqual({ start: before.length, oldEnd: before.length, newEnd: before.length });
    // Inside a callback in that body: the outer signature still holds every type.
    expect(editOf(steps("return [x].map((y) => y + 1)[0]!;"), steps("return [x].map((y) => y * 2)[0]!;"))).toBeDefined();
  });

  it("is not one when the body gives the function its type", () => {
    expect(editOf(steps("return x + 1;", "(x: number)"), steps("return `${x}`;", "(x: number)"))).toBeUndefined();
  });

  it("is not one in a body the analysis read (a pipeline's), nor outside any body", () => {
    const before = steps("return x + 1;");
    expect(editOf(before, steps("return x + 2;"), [{ start: before.indexOf("(x"), end: before.indexOf("});") + 2 }])).toBeUndefined();
    expect(editOf(before, before.replace("after = 1", "after = 2"))).toBeUndefined();
    expect(editOf(before, steps("return x + 1;", "(x: number): string"))).toBeUndefined();
  });

  it("is not one when a line is added (locations after it move) or the edit changes how the file parses", () => {
    expect(editOf(steps("return x + 1;"), steps("const y = x;\n  return y + 1;"))).toBeUndefined();
    // An opened string or comment swallows the rest of the file.
    expect(editOf(steps("return x + 1;"), steps("return x + 1; /*"))).toBeUndefined();
    expect(editOf(steps("return x + 1;"), steps("return x + 1; }"))).toBeUndefined();
  });
});
