// Pipelines for bench/local-run.mjs: a chain of no-op tasks, and independent sleeps.
import { component, pipeline, type Int } from "kfp-ts";

/** Does nothing but pass its input on. */
export const noop = component((x: Int): Int => x);

/** Sleeps for a second. */
export const sleepOne = component(async (i: Int): Promise<Int> => {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return i;
});

/** 20 no-op tasks, each waiting for the one before. */
export const chain20 = pipeline({ name: "chain-20" }, () => {
  const t1 = noop(0);
  const t2 = noop(t1);
  const t3 = noop(t2);
  const t4 = noop(t3);
  const t5 = noop(t4);
  const t6 = noop(t5);
  const t7 = noop(t6);
  const t8 = noop(t7);
  const t9 = noop(t8);
  const t10 = noop(t9);
  const t11 = noop(t10);
  const t12 = noop(t11);
  const t13 = noop(t12);
  const t14 = noop(t13);
  const t15 = noop(t14);
  const t16 = noop(t15);
  const t17 = noop(t16);
  const t18 = noop(t17);
  const t19 = noop(t18);
  const t20 = noop(t19);
  return t20;
});

/** 16 independent one-second sleeps. */
export const sleeps16 = pipeline({ name: "sleeps-16" }, () => {
  sleepOne(0);
  sleepOne(1);
  sleepOne(2);
  sleepOne(3);
  sleepOne(4);
  sleepOne(5);
  sleepOne(6);
  sleepOne(7);
  sleepOne(8);
  sleepOne(9);
  sleepOne(10);
  sleepOne(11);
  sleepOne(12);
  sleepOne(13);
  sleepOne(14);
  sleepOne(15);
});
