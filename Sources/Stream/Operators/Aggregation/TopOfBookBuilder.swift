import Model

/// The aggregate stage's top of book: the best bid and ask of an instrument across venues, from each venue's
/// latest quote (by event time; an older quote from a venue is ignored). Crossed venue quotes are left out.
/// A book is emitted whenever the best bid or ask (price, size or venue) changes. Ties go to the larger size,
/// then to the venue quoted first.
struct TopOfBookBuilder: Sendable {
    struct VenueQuote: Sendable, Equatable {
        var venue: String
        var bid: Double
        var bidSize: Double
        var ask: Double
        var askSize: Double
        var time: Int64
    }

    struct Book: Sendable {
        var venues: [VenueQuote] = []
        var bidVenue = -1
        var askVenue = -1
        var bid = 0.0, bidSize = 0.0, ask = 0.0, askSize = 0.0
    }

    private(set) var books: [Book] = []

    /// Applies a quote; returns the new top of book when it changed.
    mutating func apply(_ quote: Quote, instrument: Int) -> TopOfBook? {
        while books.count <= instrument { books.append(Book()) }
        guard quote.bidPrice <= quote.askPrice else { return nil }
        let venue: Int
        if let known = books[instrument].venues.firstIndex(where: { $0.venue == quote.venue }) {
            guard quote.eventTimeNanos >= books[instrument].venues[known].time else { return nil }
            venue = known
        } else {
            venue = books[instrument].venues.count
            books[instrument].venues.append(VenueQuote(venue: quote.venue, bid: 0, bidSize: 0, ask: 0, askSize: 0, time: .min))
        }
        books[instrument].venues[venue] = VenueQuote(
            venue: quote.venue, bid: quote.bidPrice, bidSize: quote.bidSize, ask: quote.askPrice, askSize: quote.askSize,
            time: quote.eventTimeNanos)
        var bid = -1, ask = -1
        let venues = books[instrument].venues
        for (index, entry) in venues.enumerated() {
            if bid < 0 || entry.bid > venues[bid].bid || (entry.bid == venues[bid].bid && entry.bidSize > venues[bid].bidSize) { bid = index }
            if ask < 0 || entry.ask < venues[ask].ask || (entry.ask == venues[ask].ask && entry.askSize > venues[ask].askSize) { ask = index }
        }
        let (newBid, newBidSize, newAsk, newAskSize) = (venues[bid].bid, venues[bid].bidSize, venues[ask].ask, venues[ask].askSize)
        let old = books[instrument]
        if old.bidVenue == bid, old.askVenue == ask, old.bid == newBid, old.bidSize == newBidSize, old.ask == newAsk, old.askSize == newAskSize {
            return nil
        }
        (books[instrument].bidVenue, books[instrument].askVenue) = (bid, ask)
        (books[instrument].bid, books[instrument].bidSize, books[instrument].ask, books[instrument].askSize) = (newBid, newBidSize, newAsk, newAskSize)
        return TopOfBook(
            instrumentId: quote.instrumentId, symbol: quote.symbol, bidPrice: newBid, bidSize: newBidSize,
            bidVenue: venues[bid].venue, askPrice: newAsk, askSize: newAskSize, askVenue: venues[ask].venue,
            currency: quote.currency, eventTimeNanos: quote.eventTimeNanos, ingestTimeNanos: quote.ingestTimeNanos)
    }

    func write(to writer: inout ByteWriter) {
        writer.write(UInt32(books.count))
        for book in books {
            writer.write(UInt32(book.venues.count))
            for venue in book.venues {
                writer.writeString(venue.venue)
                for value in [venue.bid, venue.bidSize, venue.ask, venue.askSize] { writer.write(value) }
                writer.write(venue.time)
            }
            writer.write(Int64(book.bidVenue))
            writer.write(Int64(book.askVenue))
            for value in [book.bid, book.bidSize, book.ask, book.askSize] { writer.write(value) }
        }
    }

    mutating func read(from reader: inout ByteReader) throws {
        books = []
        for _ in 0..<(try reader.read(UInt32.self)) {
            var book = Book()
            for _ in 0..<(try reader.read(UInt32.self)) {
                book.venues.append(
                    VenueQuote(
                        venue: try reader.readString(), bid: try reader.readDouble(), bidSize: try reader.readDouble(),
                        ask: try reader.readDouble(), askSize: try reader.readDouble(), time: try reader.readInt64()))
            }
            book.bidVenue = Int(try reader.readInt64())
            book.askVenue = Int(try reader.readInt64())
            book.bid = try reader.readDouble()
            book.bidSize = try reader.readDouble()
            book.ask = try reader.readDouble()
            book.askSize = try reader.readDouble()
            books.append(book)
        }
    }
}
