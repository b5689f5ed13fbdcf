"""Tables from ggml / llama.cpp that a GGUF reader needs: tensor type sizes and file-type names.

Copied from ggml.h, gguf-py's GGML_QUANT_SIZES and llama.h's llama_ftype so we can check a
file's length and name its quantisation without importing llama.cpp or the gguf package.
"""

from __future__ import annotations

from typing import NamedTuple

QK_K = 256  # elements in one K-quant / IQ super-block


class GGMLType(NamedTuple):
    name: str
    block_elements: int  # elements per block
    block_bytes: int  # bytes per block


# ggml_type id -> (name, elements per block, bytes per block)
GGML_TYPES: dict[int, GGMLType] = {
    0: GGMLType("F32", 1, 4),
    1: GGMLType("F16", 1, 2),
    2: GGMLType("Q4_0", 32, 2 + 16),
    3: GGMLType("Q4_1", 32, 2 + 2 + 16),
    6: GGMLType("Q5_0", 32, 2 + 4 + 16),
    7: GGMLType("Q5_1", 32, 2 + 2 + 4 + 16),
    8: GGMLType("Q8_0", 32, 2 + 32),
    9: GGMLType("Q8_1", 32, 4 + 4 + 32),
    10: GGMLType("Q2_K", QK_K, 2 + 2 + QK_K // 16 + QK_K // 4),
    11: GGMLType("Q3_K", QK_K, 2 + QK_K // 4 + QK_K // 8 + 12),
    12: GGMLType("Q4_K", QK_K, 2 + 2 + QK_K // 2 + 12),
    13: GGMLType("Q5_K", QK_K, 2 + 2 + QK_K // 2 + QK_K // 8 + 12),
    14: GGMLType("Q6_K", QK_K, 2 + QK_K // 2 + QK_K // 4 + QK_K // 16),
    15: GGMLType("Q8_K", QK_K, 4 + QK_K + QK_K // 8),
    16: GGMLType("IQ2_XXS", QK_K, 2 + QK_K // 4),
    17: GGMLType("IQ2_XS", QK_K, 2 + QK_K // 4 + QK_K // 32),
    18: GGMLType("IQ3_XXS", QK_K, 2 + QK_K // 4 + QK_K // 8),
    19: GGMLType("IQ1_S", QK_K, 2 + QK_K // 8 + QK_K // 16),
    20: GGMLType("IQ4_NL", 32, 2 + 16),
    21: GGMLType("IQ3_S", QK_K, 2 + QK_K // 4 + QK_K // 8 + QK_K // 32 + 4),
    22: GGMLType("IQ2_S", QK_K, 2 + QK_K // 4 + QK_K // 16),
    23: GGMLType("IQ4_XS", QK_K, 2 + 2 + QK_K // 2 + QK_K // 64),
    24: GGMLType("I8", 1, 1),
    25: GGMLType("I16", 1, 2),
    26: GGMLType("I32", 1, 4),
    27: GGMLType("I64", 1, 8),
    28: GGMLType("F64", 1, 8),
    29: GGMLType("IQ1_M", QK_K, QK_K // 8 + QK_K // 16 + QK_K // 32),
    30: GGMLType("BF16", 1, 2),
    # 31-33 and 36-38 are repacked Q4_0 / IQ4_NL layouts that old files may still contain.
    31: GGMLType("Q4_0_4_4", 32, 2 + 16),
    32: GGMLType("Q4_0_4_8", 32, 2 + 16),
    33: GGMLType("Q4_0_8_8", 32, 2 + 16),
    34: GGMLType("TQ1_0", QK_K, 2 + 4 * 13),
    35: GGMLType("TQ2_0", QK_K, 2 + 64),
    36: GGMLType("IQ4_NL_4_4", 32, 2 + 16),
    37: GGMLType("IQ4_NL_4_8", 32, 2 + 16),
    38: GGMLType("IQ4_NL_8_8", 32, 2 + 16),
    39: GGMLType("MXFP4", 32, 1 + 16),
    40: GGMLType("NVFP4", 64, 4 + 32),
    41: GGMLType("Q1_0", 128, 2 + 16),
}

# llama_ftype (general.file_type) -> the name llama-quantize uses.
LLAMA_FTYPES: dict[int, str] = {
    0: "F32",
    1: "F16",
    2: "Q4_0",
    3: "Q4_1",
    4: "Q4_1_SOME_F16",
    7: "Q8_0",
    8: "Q5_0",
    9: "Q5_1",
    10: "Q2_K",
    11: "Q3_K_S",
    12: "Q3_K_M",
    13: "Q3_K_L",
    14: "Q4_K_S",
    15: "Q4_K_M",
    16: "Q5_K_S",
    17: "Q5_K_M",
    18: "Q6_K",
    19: "IQ2_XXS",
    20: "IQ2_XS",
    21: "Q2_K_S",
    22: "IQ3_XS",
    23: "IQ3_XXS",
    24: "IQ1_S",
    25: "IQ4_NL",
    26: "IQ3_S",
    27: "IQ3_M",
    28: "IQ2_S",
    29: "IQ2_M",
    30: "IQ4_XS",
    31: "IQ1_M",
    32: "BF16",
    33: "Q4_0_4_4",
    34: "Q4_0_4_8",
    35: "Q4_0_8_8",
    36: "TQ1_0",
    37: "TQ2_0",
    38: "MXFP4_MOE",
    39: "NVFP4",
    40: "Q1_0",
}
LLAMA_FTYPE_GUESSED = 1024  # flag or-ed in when llama.cpp guessed the file type

