package dev.jgrad.nn.io;

import dev.jgrad.tensor.DType;

/** One tensor's header record: its dtype, shape and byte range within the data section. */
record Entry(String name, DType dtype, int[] shape, long begin, long end) {

    /** The safetensors spelling of jgrad's dtypes. */
    static String code(DType dtype) {
        return dtype == DType.FLOAT32 ? "F32" : "F64";
    }

    long byteLength() {
        return end - begin;
    }

    int numel() {
        return (int) (byteLength() / dtype.bytes());
    }
}
