// tsserver loads plugins with require() and a Node10 lookup of `kfp-ts/tsserver-plugin` (this folder).
// The plugin itself is ESM: Node >= 20.19 loads it through require(esm).
"use strict";
const { createPlugin } = require("../dist/transformer/editor/language-service-plugin.js");

module.exports = createPlugin;
