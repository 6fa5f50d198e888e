using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Translate.Core.Tokenization.SentencePiece.Model;

/// <summary>
/// A double-array trie over UTF-8 keys: a transition from node n on byte b goes to Base[n] + b when
/// Check[Base[n] + b] == n; a node that ends a key holds its value. Built once from the pieces; read-only after.
/// </summary>
internal sealed class ByteTrie
{
    // Base, check and value side by side: a transition reads one unit (one cache line) instead of three arrays.
    // 256 free units after the last used one, so that Base + byte is always inside the array.
    private readonly Unit[] _units;

    private ByteTrie(int[] @base, int[] check, int[] values, Func<int, float>? scoreOf)
    {
        _units = new Unit[check.Length + 256];
        for (var i = 0; i < _units.Length; i++)
        {
            _units[i] = i < check.Length
                ? new Unit(@base[i], check[i], values[i], values[i] >= 0 && scoreOf is not null ? scoreOf(values[i]) : 0)
                : new Unit(0, -1, -1, 0);
        }
    }

    public const int Root = 0;

    /// <summary>The node reached from <paramref name="node"/> on <paramref name="b"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int node, byte b)
    {
        // node is always a valid unit (Root or a result of Next), and Base + 255 is inside the padded array.
        ref var units = ref MemoryMarshal.GetArrayDataReference(_units);
        var next = Unsafe.Add(ref units, node).Base + b;
        return Unsafe.Add(ref units, next).Check == node ? next : -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ValueOf(int node) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_units), node).Value;

    /// <summary>The first unit, for a hot loop that walks the units itself (see <see cref="Unit"/>).</summary>
    public ref readonly Unit Units => ref MemoryMarshal.GetArrayDataReference(_units);

    /// <summary>A transition from node n on byte b goes to Base + b when that unit's Check is n; Value -1 when no key ends there.</summary>
    internal readonly record struct Unit(int Base, int Check, int Value, float Score);

    /// <summary>The value of the longest key that is a prefix of <paramref name="text"/>, and its length (0 when none).</summary>
    public int LongestPrefix(ReadOnlySpan<byte> text, out int value)
    {
        var node = Root;
        var longest = 0;
        value = -1;
        for (var i = 0; i < text.Length; i++)
        {
            node = Next(node, text[i]);
            if (node < 0)
            {
                break;
            }
            if (ValueOf(node) >= 0)
            {
                longest = i + 1;
                value = ValueOf(node);
            }
        }
        return longest;
    }

    /// <summary>The value of exactly <paramref name="key"/>, or -1.</summary>
    public int Find(ReadOnlySpan<byte> key)
    {
        var node = Root;
        foreach (var b in key)
        {
            node = Next(node, b);
            if (node < 0)
            {
                return -1;
            }
        }
        return ValueOf(node);
    }

    /// <summary>Builds the trie; a key given twice keeps its first value.</summary>
    public static ByteTrie Build(IEnumerable<(byte[] Key, int Value)> entries, Func<int, float>? scoreOf = null)
    {
        // A plain tree first (children as sorted lists), then each node placed at the first base that fits its children.
        var children = new List<List<(byte Label, int Node)>> { new() };
        var values = new List<int> { -1 };
        foreach (var (key, value) in entries)
        {
            if (key.Length == 0)
            {
                continue;
            }
            var node = 0;
            foreach (var b in key)
            {
                var list = children[node];
                var index = list.FindIndex(c => c.Label == b);
                if (index < 0)
                {
                    children.Add([]);
                    values.Add(-1);
                    list.Add((b, children.Count - 1));
                    node = children.Count - 1;
                }
                else
                {
                    node = list[index].Node;
                }
            }
            if (values[node] < 0)
            {
                values[node] = value;
            }
        }

        var slots = new SlotAllocator(Math.Max(1024, children.Count + 256));
        slots.Take(0); // the root
        var @base = new int[slots.Capacity];
        var check = new int[slots.Capacity];
        var outValues = new int[slots.Capacity];
        check.AsSpan().Fill(-1);
        outValues.AsSpan().Fill(-1);
        outValues[0] = values[0];
        // Depth first: a subtree's nodes are placed close together, so that walking one word stays in a few cache lines.
        var pending = new Stack<(int TreeNode, int Slot)>();
        pending.Push((0, 0));
        while (pending.Count > 0)
        {
            var (treeNode, slot) = pending.Pop();
            var list = children[treeNode];
            if (list.Count == 0)
            {
                continue;
            }
            list.Sort((a, b) => a.Label.CompareTo(b.Label));
            // Try the free slots in order as the place of the first child (a free list, as darts does).
            var candidate = 0;
            for (var free = slots.FirstFree; ; free = slots.NextFree(free))
            {
                candidate = free - list[0].Label;
                if (candidate < 1)
                {
                    continue;
                }
                slots.EnsureCapacity(candidate + 256);
                var fits = true;
                for (var c = 1; c < list.Count; c++)
                {
                    if (!slots.IsFree(candidate + list[c].Label))
                    {
                        fits = false;
                        break;
                    }
                }
                if (fits)
                {
                    break;
                }
            }
            if (slots.Capacity > check.Length)
            {
                var oldLength = check.Length;
                Array.Resize(ref @base, slots.Capacity);
                Array.Resize(ref check, slots.Capacity);
                Array.Resize(ref outValues, slots.Capacity);
                check.AsSpan(oldLength).Fill(-1);
                outValues.AsSpan(oldLength).Fill(-1);
            }
            @base[slot] = candidate;
            foreach (var (label, child) in list)
            {
                slots.Take(candidate + label);
                check[candidate + label] = slot;
                outValues[candidate + label] = values[child];
            }
            for (var c = list.Count - 1; c >= 0; c--)
            {
                pending.Push((list[c].Node, candidate + list[c].Label));
            }
        }
        var used = slots.HighestTaken + 1;
        return new ByteTrie(@base[..Math.Max(used, 256)], check[..Math.Max(used, 256)], outValues[..Math.Max(used, 256)], scoreOf);
    }

    /// <summary>The free slots of the double array as a doubly linked list, growing on demand.</summary>
    private sealed class SlotAllocator
    {
        private int[] _next;
        private int[] _previous;
        private bool[] _taken;
        private int _head; // first free slot; the list always ends in the last slot, kept free

        public SlotAllocator(int capacity)
        {
            _next = [];
            _previous = [];
            _taken = [];
            _head = 0;
            Extend(capacity);
        }

        public int Capacity => _taken.Length;

        public int FirstFree => _head;

        public int HighestTaken { get; private set; }

        public int NextFree(int slot)
        {
            var next = _next[slot];
            if (next < 0)
            {
                Extend(_taken.Length * 2);
                next = _next[slot];
            }
            return next;
        }

        public bool IsFree(int slot) => slot >= _taken.Length || !_taken[slot];

        public void EnsureCapacity(int size)
        {
            if (size >= _taken.Length)
            {
                Extend(Math.Max(size + 1, _taken.Length * 2));
            }
        }

        public void Take(int slot)
        {
            EnsureCapacity(slot + 2);
            _taken[slot] = true;
            HighestTaken = Math.Max(HighestTaken, slot);
            var previous = _previous[slot];
            var next = _next[slot];
            if (previous >= 0)
            {
                _next[previous] = next;
            }
            else
            {
                _head = next;
            }
            if (next >= 0)
            {
                _previous[next] = previous;
            }
        }

        private void Extend(int size)
        {
            var old = _taken.Length;
            Array.Resize(ref _next, size);
            Array.Resize(ref _previous, size);
            Array.Resize(ref _taken, size);
            // The new slots are free: chain them after the last free slot of the old list.
            var lastFree = -1;
            if (old > 0)
            {
                for (var s = old - 1; s >= 0; s--)
                {
                    if (!_taken[s])
                    {
                        lastFree = s;
                        break;
                    }
                }
            }
            for (var s = old; s < size; s++)
            {
                _previous[s] = s == old ? lastFree : s - 1;
                _next[s] = s + 1 < size ? s + 1 : -1;
            }
            if (lastFree >= 0)
            {
                _next[lastFree] = old;
            }
            else if (old == 0 || _head < 0)
            {
                _head = old;
            }
        }
    }
}
