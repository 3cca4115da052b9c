import { guestbookFrontend } from "./guestbook.js";

export default guestbookFrontend("v1");
