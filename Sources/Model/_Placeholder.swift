// Replaced by the Model types; kept only so the target has a source file.
