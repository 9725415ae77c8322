namespace Chirp.Bench.Workload;

/// <summary>The last lines a child process wrote (stdout and stderr together), kept for error messages; thread-safe.</summary>
internal sealed class OutputTail
{
    private const int MaxLines = 40;

    private readonly Queue<string> _lines = new();

    /// <summary>Adds one line; null (the end of a stream) is ignored.</summary>
    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            if (_lines.Count == MaxLines)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
        }
    }

    /// <summary>The kept lines, oldest first, one per line ("(no output)" if none).</summary>
    public string Text()
    {
        lock (_lines)
        {
            return _lines.Count == 0 ? "(no output)" : string.Join(Environment.NewLine, _lines);
        }
    }
}
