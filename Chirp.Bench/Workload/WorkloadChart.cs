using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;
using SkiaSharp;

namespace Chirp.Bench.Workload;

/// <summary>
/// Draws a workload run as one image of two panels side by side, written as SVG and PNG: on the left throughput per
/// operation (one bar per system), on the right latency per operation (a bar for p99, a black dash for p50). Both value
/// axes are logarithmic, since a fanout inserts millions of entries per second while a search does thousands.
/// </summary>
/// <remarks>
/// ScottPlot 5 has no logarithmic axis for bars, so each bar is drawn from the lowest decade up to log10 of its value
/// on a linear axis, and the axis gets a tick at each decade labelled with the real value (1k, 10k, 1M; 1 µs, 1 ms)
/// and minor ticks at 2–9 times each decade. A value that is not positive and finite cannot be placed on a log axis
/// and gets no bar (or no p50 dash). A system without a row for an operation leaves a gap in that group; of several
/// rows for one system and operation, the first is drawn.
/// </remarks>
public static class WorkloadChart
{
    /// <summary>Width of the whole image in pixels.</summary>
    public const int Width = 1800;

    /// <summary>Height of the whole image in pixels.</summary>
    public const int Height = 760;

    // Fixed colours for the known systems, so that every chart of every run reads the same; others take the palette.
    private static readonly Dictionary<string, Color> KnownColors = new(StringComparer.Ordinal)
    {
        ["chirp"] = Color.FromHex("#1F77B4"),
        ["chirp-http"] = Color.FromHex("#7FB8E0"),
        ["redis"] = Color.FromHex("#D62728"),
        ["postgres"] = Color.FromHex("#2CA02C"),
    };

    private static readonly Color[] OtherColors =
        [Color.FromHex("#FF7F0E"), Color.FromHex("#9467BD"), Color.FromHex("#8C564B"), Color.FromHex("#E377C2"), Color.FromHex("#7F7F7F")];

    // Sans fonts tried in order; the first that the machine has is used for all text. Without any, ScottPlot's own choice stays.
    private static readonly string[] PreferredFonts = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Nimbus Sans", "Arial", "Helvetica"];

    private static readonly Lazy<string?> ChosenFont = new(FindFont);

    /// <summary>
    /// Writes <c>{pathWithoutExtension}.svg</c> and <c>{pathWithoutExtension}.png</c> (<see cref="Width"/> ×
    /// <see cref="Height"/>) for the rows of the given operations, in that order along the x axes.
    /// </summary>
    /// <param name="rows">The run's results; rows of other operations are left out.</param>
    /// <param name="pathWithoutExtension">Where to write, without ".svg" or ".png"; the directory must exist.</param>
    /// <param name="title">Heading of the image, e.g. the machine and the date of the run.</param>
    /// <param name="operations">Operations to draw, in order; <see cref="WorkloadReport.MainOperations"/> when null.</param>
    public static void Render(IReadOnlyList<OperationResult> rows, string pathWithoutExtension, string title, IReadOnlyList<string>? operations = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentException.ThrowIfNullOrEmpty(pathWithoutExtension);
        ArgumentNullException.ThrowIfNull(title);
        operations ??= WorkloadReport.MainOperations;
        if (operations.Count == 0) throw new ArgumentException("There must be at least one operation to draw.", nameof(operations));

        List<OperationResult> shown = rows.Where(r => operations.Contains(r.Operation, StringComparer.Ordinal)).ToList();
        List<string> systems = SystemsInOrder(shown);
        Dictionary<string, Color> colors = AssignColors(systems);

        Multiplot figure = BuildFigure(shown, operations, systems, colors, title);
        try
        {
            figure.SavePng(pathWithoutExtension + ".png", Width, Height);
            SaveSvg(figure, pathWithoutExtension + ".svg");
        }
        finally
        {
            foreach (Plot plot in figure.GetPlots()) plot.Dispose();
        }
    }

    private static Multiplot BuildFigure(
        List<OperationResult> rows, IReadOnlyList<string> operations, List<string> systems, Dictionary<string, Color> colors, string title)
    {
        // A thin plot with only the title across the top, then the two panels side by side.
        var heading = new Plot();
        heading.Layout.Frameless();
        heading.HideAxesAndGrid();
        heading.Add.Annotation(title, Alignment.MiddleCenter).LabelStyle = new LabelStyle
        {
            Text = title, FontSize = 22, Bold = true, ForeColor = Colors.Black, BackgroundColor = Colors.Transparent,
            BorderColor = Colors.Transparent, ShadowColor = Colors.Transparent,
        };

        Plot throughput = ThroughputPanel(rows, operations, systems, colors);
        Plot latency = LatencyPanel(rows, operations, systems, colors);

        var grid = new ScottPlot.MultiplotLayouts.CustomGrid();
        const int Rows = 14;
        grid.Set(heading, new GridCell(0, 0, Rows, 2, 1, 2));
        grid.Set(throughput, new GridCell(1, 0, Rows, 2, Rows - 1, 1));
        grid.Set(latency, new GridCell(1, 1, Rows, 2, Rows - 1, 1));

        var figure = new Multiplot(heading) { Layout = grid };
        figure.AddPlot(throughput);
        figure.AddPlot(latency);
        if (ChosenFont.Value is { } font)
            foreach (Plot plot in figure.GetPlots()) UseFont(plot, font);
        return figure;
    }

    private static Plot ThroughputPanel(List<OperationResult> rows, IReadOnlyList<string> operations, List<string> systems, Dictionary<string, Color> colors)
    {
        var plot = new Plot();
        LogRange range = LogRange.Of(rows.Select(r => r.OpsPerSec));
        for (int s = 0; s < systems.Count; s++)
        {
            var bars = new List<Bar>();
            for (int o = 0; o < operations.Count; o++)
            {
                OperationResult? row = Find(rows, systems[s], operations[o]);
                if (row is null || !LogRange.Fits(row.OpsPerSec)) continue;
                bars.Add(LogBar(BarPosition(o, s, systems.Count), BarWidth(systems.Count), row.OpsPerSec, range.Bottom, colors[systems[s]],
                    WorkloadFormat.Compact(row.OpsPerSec)));
            }
            AddSeries(plot, bars, systems[s], colors[systems[s]], systems.Count);
        }

        plot.Title("Throughput, higher is better (fanout_insert: timeline inserts/s)");
        plot.YLabel("operations per second (log scale)");
        SetupAxes(plot, operations, range, decade => DecadeLabel(decade, ["", "k", "M", "G", "T"]));
        return plot;
    }

    private static Plot LatencyPanel(List<OperationResult> rows, IReadOnlyList<string> operations, List<string> systems, Dictionary<string, Color> colors)
    {
        var plot = new Plot();
        LogRange range = LogRange.Of(rows.SelectMany(r => new[] { r.P50Us, r.P99Us }));
        var medianXs = new List<double>();
        var medianYs = new List<double>();
        for (int s = 0; s < systems.Count; s++)
        {
            var bars = new List<Bar>();
            for (int o = 0; o < operations.Count; o++)
            {
                OperationResult? row = Find(rows, systems[s], operations[o]);
                if (row is null) continue;
                double x = BarPosition(o, s, systems.Count);
                if (LogRange.Fits(row.P99Us))
                    bars.Add(LogBar(x, BarWidth(systems.Count), row.P99Us, range.Bottom, colors[systems[s]], WorkloadFormat.Latency(row.P99Us)));
                if (LogRange.Fits(row.P50Us))
                {
                    medianXs.Add(x);
                    medianYs.Add(Math.Log10(row.P50Us));
                }
            }
            AddSeries(plot, bars, systems[s], colors[systems[s]], systems.Count);
        }

        if (medianXs.Count > 0)
        {
            ScottPlot.Plottables.Markers medians = plot.Add.Markers(medianXs.ToArray(), medianYs.ToArray(), MarkerShape.HorizontalBar, 22, Colors.Black);
            medians.MarkerLineWidth = 3;
            medians.LegendText = "p50";
        }

        plot.Title("Latency: bar p99, dash p50, lower is better (fanout_insert: fanout lag)");
        plot.YLabel("latency (log scale)");
        SetupAxes(plot, operations, range, decade => DecadeLabel(decade, [" µs", " ms", " s", "k s"]));
        return plot;
    }

    private static Bar LogBar(double position, double width, double value, double bottom, Color color, string label) => new()
    {
        Position = position,
        Size = width,
        ValueBase = bottom,
        Value = Math.Log10(value),
        FillColor = color,
        LineWidth = 0,
        Label = label,
    };

    private static void AddSeries(Plot plot, List<Bar> bars, string system, Color color, int systems)
    {
        ScottPlot.Plottables.BarPlot series = plot.Add.Bars(bars);
        series.Color = color;
        series.LegendText = system;
        // Narrower bars with five or more systems: smaller labels, so that neighbours' labels do not run together.
        series.ValueLabelStyle.FontSize = systems <= 4 ? 11 : 9;
    }

    private static void SetupAxes(Plot plot, IReadOnlyList<string> operations, LogRange range, Func<int, string> label)
    {
        plot.XLabel("operation");
        plot.Axes.Bottom.TickGenerator = new NumericManual(
            Enumerable.Range(0, operations.Count).Select(i => (double)i).ToArray(), operations.ToArray());
        plot.Axes.Bottom.TickLabelStyle.FontSize = 15;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;

        var ticks = new NumericManual();
        for (int decade = range.Bottom; decade <= range.Top; decade++)
        {
            ticks.AddMajor(decade, label(decade));
            if (decade == range.Top) break;
            for (int k = 2; k <= 9; k++) ticks.AddMinor(decade + Math.Log10(k));
        }
        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;

        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        plot.Grid.YAxisStyle.MinorLineStyle.Width = 1;
        plot.Grid.YAxisStyle.MinorLineStyle.Color = Colors.Black.WithAlpha(0.05);

        plot.Axes.SetLimits(-0.5, operations.Count - 0.5, range.Bottom, range.Top + 0.05);
        Legend legend = plot.ShowLegend(Alignment.UpperRight, Orientation.Horizontal);
        legend.FontSize = 13;
    }

    // 10^decade as 1, 10, 100 with the unit for each step of a thousand: 1 µs, 10 µs … 1 ms; 1, 10, 100, 1k … 1M.
    // Below the first unit (a fraction of a µs, less than one operation per second) it is a decimal: 0.1, 0.01.
    private static string DecadeLabel(int decade, string[] units)
    {
        if (decade < 0) return Math.Pow(10, decade).ToString("0.##########", CultureInfo.InvariantCulture) + units[0];
        int unit = Math.Min(decade / 3, units.Length - 1);
        return Math.Pow(10, decade - 3 * unit).ToString("0", CultureInfo.InvariantCulture) + units[unit];
    }

    private static void UseFont(Plot plot, string font)
    {
        plot.Font.Set(font);
        foreach (ScottPlot.Plottables.BarPlot bars in plot.GetPlottables<ScottPlot.Plottables.BarPlot>())
            bars.ValueLabelStyle.FontName = font;
        foreach (ScottPlot.Plottables.Annotation annotation in plot.GetPlottables<ScottPlot.Plottables.Annotation>())
            annotation.LabelStyle.FontName = font;
        plot.Legend.FontName = font;
    }

    // Groups are centred on the integers 0..operations-1, filling 80% of the space between groups.
    private static double BarWidth(int systems) => 0.8 / systems * 0.92;

    private static double BarPosition(int operation, int system, int systems) => operation + (system - (systems - 1) / 2.0) * (0.8 / systems);

    private static OperationResult? Find(List<OperationResult> rows, string system, string operation) =>
        rows.FirstOrDefault(r => r.System == system && r.Operation == operation);

    // Known systems first in their usual order, then the others in order of first appearance.
    private static List<string> SystemsInOrder(List<OperationResult> rows)
    {
        List<string> present = rows.Select(r => r.System).Distinct(StringComparer.Ordinal).ToList();
        List<string> known = KnownColors.Keys.Where(present.Contains).ToList();
        return [.. known, .. present.Where(s => !KnownColors.ContainsKey(s))];
    }

    private static Dictionary<string, Color> AssignColors(List<string> systems)
    {
        var colors = new Dictionary<string, Color>(StringComparer.Ordinal);
        int other = 0;
        foreach (string system in systems)
            colors[system] = KnownColors.TryGetValue(system, out Color known) ? known : OtherColors[other++ % OtherColors.Length];
        return colors;
    }

    // ScottPlot's multiplot saves only PNG; the SVG is the same drawing on Skia's SVG canvas. Each plot is drawn as
    // Multiplot.Render draws it, less its canvas.Clear(), which the SVG canvas writes as a black rectangle under the plots.
    private static void SaveSvg(Multiplot figure, string path)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        using SKCanvas canvas = SKSvgCanvas.Create(new SKRect(0, 0, Width, Height), file);
        PixelRect[] rectangles = figure.Layout.GetSubplotRectangles(figure.Subplots, new PixelRect(0, Width, Height, 0));
        for (int i = 0; i < rectangles.Length; i++)
        {
            Plot plot = figure.GetPlot(i);
            plot.RenderManager.ClearCanvasBeforeEachRender = false;
            plot.Render(canvas, rectangles[i]);
        }
    }

    private static string? FindFont()
    {
        foreach (string name in PreferredFonts)
        {
            // Skia answers with a fallback typeface when it has no such family; only an exact family counts.
            SKTypeface? typeface = Fonts.GetTypeface(name, bold: false, italic: false);
            if (typeface is not null && string.Equals(typeface.FamilyName, name, StringComparison.OrdinalIgnoreCase)) return name;
        }
        return null;
    }

    /// <summary>Whole decades around the positive finite values: bars start at <see cref="Bottom"/>, the axis ends at <see cref="Top"/>.</summary>
    private readonly record struct LogRange(int Bottom, int Top)
    {
        public static bool Fits(double value) => double.IsFinite(value) && value > 0;

        public static LogRange Of(IEnumerable<double> values)
        {
            double[] logs = values.Where(Fits).Select(Math.Log10).ToArray();
            if (logs.Length == 0) return new LogRange(0, 1);
            double lowest = logs.Min();
            int bottom = (int)Math.Floor(lowest);
            // A bar must show: the lowest value must stand clear of the axis, not sit on it (exactly 100, say).
            if (lowest - bottom < 0.15) bottom--;
            // Room above the tallest bar for its label and the legend.
            int top = (int)Math.Ceiling(logs.Max() + 0.6);
            return new LogRange(bottom, Math.Max(top, bottom + 1));
        }
    }
}
