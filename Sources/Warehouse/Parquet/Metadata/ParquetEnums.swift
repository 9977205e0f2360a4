/// Parquet's physical types (`parquet.thrift` `Type`).
enum PhysicalType: Int32 {
    case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6, fixedLenByteArray = 7
}

/// Parquet's value encodings (`Encoding`).
enum Encoding: Int32 {
    case plain = 0, plainDictionary = 2, rle = 3, bitPacked = 4, deltaBinaryPacked = 5
    case deltaLengthByteArray = 6, deltaByteArray = 7, rleDictionary = 8, byteStreamSplit = 9
}

/// Page compression codecs (`CompressionCodec`).
enum CompressionCodec: Int32 {
    case uncompressed = 0, snappy = 1, gzip = 2, lzo = 3, brotli = 4, lz4 = 5, zstd = 6, lz4Raw = 7
}

/// Page kinds (`PageType`).
enum PageType: Int32 {
    case dataPage = 0, indexPage = 1, dictionaryPage = 2, dataPageV2 = 3
}

/// The logical annotations TickFlow writes and understands (`LogicalType` union members).
enum LogicalAnnotation: Equatable {
    case string
    case decimal(precision: Int32, scale: Int32)
    case timestamp(utc: Bool, unitNanosPerTick: Int64)
    case uuid
    case date
    case other
}

/// Legacy converted types still set for older readers (`ConvertedType`).
enum ConvertedType: Int32 {
    case utf8 = 0, decimal = 5, date = 6, timestampMillis = 9, timestampMicros = 10
}
