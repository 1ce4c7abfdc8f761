/** A bulk download's permission: its URL carries the ticket; only the ticket's SHA-256 is stored. */
export interface DownloadTicket {
  /** SHA-256 of the ticket, hex. */
  ticketHash: string;
  userId: string;
  /** The photos it was made for, in the order asked. */
  photoIds: string[];
  /** ISO time after which it no longer works. */
  expiresAt: string;
}

/**
 * Where download tickets live for their few minutes: in the process locally (as the rate-limit counters are), a
 * `download#` item in the table in aws mode, so that any API task serves a ticket another made.
 */
export interface DownloadTicketStore {
  /** Records a new ticket; `now` lets a store forget expired ones. */
  put(ticket: DownloadTicket, now: Date): Promise<void>;
  /** The ticket with this hash, or null when there is none or it has expired by `now`. */
  get(ticketHash: string, now: Date): Promise<DownloadTicket | null>;
}
