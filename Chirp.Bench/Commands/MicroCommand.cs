using System.CommandLine;
using System.CommandLine.Parsing;
using BenchmarkDotNet.Running;
using Chirp.Bench.Micro;

namespace Chirp.Bench.Commands;

/// <summary>
/// <c>micro [BenchmarkDotNet args...]</c>: runs the BenchmarkDotNet micro benchmarks of this assembly through
/// <see cref="BenchmarkSwitcher"/> with <see cref="MicroConfig"/>. Everything after <c>micro</c> goes to
/// BenchmarkDotNet unchanged; with no arguments, all benchmarks run (<c>--filter *</c>).
/// </summary>
public static class MicroCommand
{
    private static readonly Argument<string[]> BenchmarkArgs = new("benchmarkdotnet-args")
    {
        Description = "Arguments for BenchmarkDotNet, e.g. --filter '*Tweet*', --list flat, --inProcess. Default: --filter *.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Command Create()
    {
        var command = new Command("micro", "BenchmarkDotNet micro benchmarks: create tweet, get tweet, get 20 tweets, follow, follower page.")
        {
            BenchmarkArgs,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse =>
        {
            string[] args = ForwardedArguments(parse, command);
            if (args.Length == 0)
            {
                args = ["--filter", "*"];
            }

            Console.WriteLine("micro: BenchmarkDotNet " + string.Join(' ', args));
            var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroCommand).Assembly).Run(args, MicroConfig.Create());
            return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
        });
        return command;
    }

    /// <summary>The tokens after the <c>micro</c> command, in their original order, without a leading <c>--</c>.</summary>
    private static string[] ForwardedArguments(ParseResult parse, Command command)
    {
        var tokens = parse.Tokens;
        int start = 0;
        for (int i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Type == TokenType.Command && tokens[i].Value == command.Name)
            {
                start = i + 1;
                break;
            }
        }

        var forwarded = new List<string>();
        for (int i = start; i < tokens.Count; i++)
        {
            if (i == start && tokens[i].Type == TokenType.DoubleDash)
            {
                continue;
            }

            forwarded.Add(tokens[i].Value);
        }

        return [.. forwarded];
    }
}
