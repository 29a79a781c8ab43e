// Trigger conditions and loop-item selectors as the Python SDK renders them (kfp-ir.md §2.7), through the runner's CEL engine.
import { describe, expect, it } from "vitest";
import { evaluateCondition, selectExpression } from "../src/local/cel.js";

const p = (name: string) => `inputs.parameter_values['pipelinechannel--${name}']`;

describe("conditions", () => {
  it.each([
    [`int(${p("n")}) < 5000`, { "pipelinechannel--n": 3 }, true],
    [`int(${p("n")}) < 5000`, { "pipelinechannel--n": 5000 }, false],
    [`${p("acc")} >= 0.9`, { "pipelinechannel--acc": 0.95 }, true],
    [`double(int(${p("n")})) > ${p("acc")}`, { "pipelinechannel--n": 1, "pipelinechannel--acc": 0.5 }, true],
    [`${p("word")} == 'heads'`, { "pipelinechannel--word": "heads" }, true],
    [`!(${p("word")} == 'heads') && ${p("word")} == 'tails'`, { "pipelinechannel--word": "tails" }, true],
    [`!(${p("word")} == 'heads') && ${p("word")} == 'tails'`, { "pipelinechannel--word": "heads" }, false],
    [`${p("flag")} == true || int(${p("n")}) != 2`, { "pipelinechannel--flag": false, "pipelinechannel--n": 2 }, false],
    [`${p("size")} > '5'`, { "pipelinechannel--size": "7" }, true],
  ])("%s with %j is %s", (condition, parameters, expected) => {
    expect(evaluateCondition(condition, parameters)).toBe(expected);
  });

  it("throws on a missing input, a type mismatch, a syntax error and a non-boolean result", () => {
    expect(() => evaluateCondition(`${p("x")} == 1`, {})).toThrow(/pipelinechannel--x/);
    expect(() => evaluateCondition(`${p("n")} < 'five'`, { "pipelinechannel--n": 3 })).toThrow(/overload/);
    expect(() => evaluateCondition(`int(${p("n")} < 5`, { "pipelinechannel--n": 3 })).toThrow();
    expect(() => evaluateCondition(`int(${p("n")})`, { "pipelinechannel--n": 3 })).toThrow("it gave 3, not true or false");
  });
});

describe("selectors", () => {
  it("reads a field of a struct item through parseJson(string_value), keeping JSON types", () => {
    expect(selectExpression('parseJson(string_value)["lr"]', { lr: 0.1, name: "a" })).toBe(0.1);
    expect(selectExpression('parseJson(string_value)["layers"]', { layers: [1, 2] })).toEqual([1, 2]);
    expect(selectExpression('parseJson(string_value)["name"]', '{"name": "from text"}')).toBe("from text");
    expect(selectExpression("int(number_value) + 1", 2)).toBe(3);
  });
});
