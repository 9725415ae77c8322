namespace Chirp.Bench.Workload.Redis;

/// <summary>The last lines a child process wrote (stdout and stderr together), for the message when it fails to start.</summary>
internal sealed class OutputTail
{
    private const int MaxLines = 20;
    private readonly Queue<string> _lines = new();
    private readonly Lock _lock = new();

    public void Add(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        lock (_lock)
        {
            if (_lines.Count == MaxLines)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line.Trim());
        }
    }

    public string Text()
    {
        lock (_lock)
        {
            return string.Join(" | ", _lines);
        }
    }
}
