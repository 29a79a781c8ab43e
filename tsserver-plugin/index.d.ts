import { createPlugin } from "../dist/transformer/editor/language-service-plugin.js";
export = createPlugin;
