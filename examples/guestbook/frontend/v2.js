import { guestbookFrontend } from "./guestbook.js";

/** v2 numbers the entries and shows when each was written. */
export default guestbookFrontend("v2");
