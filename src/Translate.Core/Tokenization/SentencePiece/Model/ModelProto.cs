using System.Buffers.Binary;
using System.Text;

namespace Translate.Core.Tokenization.SentencePiece.Model;

/// <summary>The piece types of sentencepiece_model.proto (ModelProto.SentencePiece.Type).</summary>
public enum PieceType
{
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6,
}

/// <summary>One vocabulary entry of a SentencePiece model.</summary>
public readonly record struct ModelPiece(string Piece, float Score, PieceType Type);

/// <summary>
/// The parts of a SentencePiece `.model` file (a serialized ModelProto) that encoding and decoding need, read with
/// a hand-written protobuf reader: the pieces, the trainer's model type and byte_fallback, and the normalizer spec.
/// Field numbers and defaults are those of sentencepiece_model.proto.
/// </summary>
public sealed class ModelProto
{
    public required IReadOnlyList<ModelPiece> Pieces { get; init; }

    /// <summary>TrainerSpec.model_type: 1 unigram, 2 BPE, 3 word, 4 char.</summary>
    public int ModelType { get; init; } = 1;

    public bool ByteFallback { get; init; }

    public bool TreatWhitespaceAsSuffix { get; init; }

    public string UnknownSurface { get; init; } = " \u2047 ";

    public byte[] PrecompiledCharsMap { get; init; } = [];

    public bool AddDummyPrefix { get; init; } = true;

    public bool RemoveExtraWhitespaces { get; init; } = true;

    public bool EscapeWhitespaces { get; init; } = true;

    public static ModelProto Read(ReadOnlySpan<byte> data)
    {
        var pieces = new List<ModelPiece>();
        var trainer = ReadOnlySpan<byte>.Empty;
        var normalizer = ReadOnlySpan<byte>.Empty;
        var reader = new ProtoReader(data);
        while (reader.Next(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, 2):
                    pieces.Add(ReadPiece(reader.Bytes()));
                    break;
                case (2, 2):
                    trainer = reader.Bytes();
                    break;
                case (3, 2):
                    normalizer = reader.Bytes();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }
        if (pieces.Count == 0)
        {
            throw new InvalidDataException("The SentencePiece model has no pieces; it is not a ModelProto.");
        }

        int modelType = 1;
        bool byteFallback = false, suffix = false;
        var unknownSurface = " \u2047 ";
        reader = new ProtoReader(trainer);
        while (reader.Next(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (3, 0):
                    modelType = (int)reader.Varint();
                    break;
                case (24, 0):
                    suffix = reader.Varint() != 0;
                    break;
                case (35, 0):
                    byteFallback = reader.Varint() != 0;
                    break;
                case (44, 2):
                    unknownSurface = Encoding.UTF8.GetString(reader.Bytes());
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        byte[] charsMap = [];
        bool dummyPrefix = true, removeExtra = true, escape = true;
        reader = new ProtoReader(normalizer);
        while (reader.Next(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (2, 2):
                    charsMap = reader.Bytes().ToArray();
                    break;
                case (3, 0):
                    dummyPrefix = reader.Varint() != 0;
                    break;
                case (4, 0):
                    removeExtra = reader.Varint() != 0;
                    break;
                case (5, 0):
                    escape = reader.Varint() != 0;
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }
        return new ModelProto
        {
            Pieces = pieces,
            ModelType = modelType,
            ByteFallback = byteFallback,
            TreatWhitespaceAsSuffix = suffix,
            UnknownSurface = unknownSurface,
            PrecompiledCharsMap = charsMap,
            AddDummyPrefix = dummyPrefix,
            RemoveExtraWhitespaces = removeExtra,
            EscapeWhitespaces = escape,
        };
    }

    private static ModelPiece ReadPiece(ReadOnlySpan<byte> data)
    {
        var piece = "";
        var score = 0f;
        var type = PieceType.Normal;
        var reader = new ProtoReader(data);
        while (reader.Next(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, 2):
                    piece = Encoding.UTF8.GetString(reader.Bytes());
                    break;
                case (2, 5):
                    score = BinaryPrimitives.ReadSingleLittleEndian(reader.Fixed32());
                    break;
                case (3, 0):
                    type = (PieceType)reader.Varint();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }
        return new ModelPiece(piece, score, type);
    }

    /// <summary>Protobuf wire format: tags, varints, fixed 32/64-bit values and length-delimited fields.</summary>
    private ref struct ProtoReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public bool Next(out int field, out int wireType)
        {
            if (_position >= _data.Length)
            {
                field = wireType = 0;
                return false;
            }
            var tag = Varint();
            field = (int)(tag >> 3);
            wireType = (int)(tag & 7);
            return true;
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_position >= _data.Length)
                {
                    throw Truncated();
                }
                var b = _data[_position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }
            throw new InvalidDataException("A varint of the SentencePiece model is longer than 10 bytes.");
        }

        public ReadOnlySpan<byte> Fixed32() => Take(4);

        public ReadOnlySpan<byte> Bytes()
        {
            var length = Varint();
            return length > int.MaxValue ? throw Truncated() : Take((int)length);
        }

        public void Skip(int wireType)
        {
            switch (wireType)
            {
                case 0:
                    Varint();
                    break;
                case 1:
                    Take(8);
                    break;
                case 2:
                    Bytes();
                    break;
                case 5:
                    Take(4);
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {wireType} in the SentencePiece model.");
            }
        }

        private ReadOnlySpan<byte> Take(int length)
        {
            if (length > _data.Length - _position)
            {
                throw Truncated();
            }
            var span = _data.Slice(_position, length);
            _position += length;
            return span;
        }

        private static InvalidDataException Truncated() => new("The SentencePiece model is truncated.");
    }
}
