export { StoreDO } from "../durable-objects/store/store-do";
export default {
  async fetch(): Promise<Response> {
    return new Response("ok");
  },
} satisfies ExportedHandler;
