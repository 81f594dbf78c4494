package com.aisaas.files;

import com.aisaas.common.ClientErrorException;
import java.util.Map;

/** A {@code Range} none of whose bytes exist (416), with {@code Content-Range: bytes *&#47;<size>}. */
public class RangeNotSatisfiableException extends ClientErrorException {

    private final long size;

    public RangeNotSatisfiableException(long size) {
        super(416, "range-not-satisfiable", "Range not satisfiable",
                "The requested range starts beyond the end of the file (" + size + " bytes).", null);
        this.size = size;
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Content-Range", "bytes */" + size);
    }
}
