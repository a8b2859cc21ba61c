// Tests of profiler/command/foreground: which command lines must stay in the foreground, and the
// users' `never_background` patterns.
#include "profiler/command/foreground.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "profiler/command/signature.h"

namespace bgprof {
namespace {

ForegroundReason ReasonFor(const std::string& line) {
  return MustStayInForeground(AnalyzeCommandLine(line));
}

// Every line of `lines` stays in the foreground for `reason` (kNone: may run in the background).
void ExpectReason(ForegroundReason reason, const std::vector<std::string>& lines) {
  for (const std::string& line : lines) {
    EXPECT_EQ(ForegroundReasonText(ReasonFor(line)), ForegroundReasonText(reason)) << line;
  }
}

bool Matches(const std::string& line, const std::string& pattern) {
  return MatchesPattern(SignatureOf(line), pattern);
}

TEST(ForegroundReasonTextTest, EachReasonItsOwnText) {
  EXPECT_EQ(ForegroundReasonText(ForegroundReason::kInteractive), "it reads a terminal");
  const std::vector<std::string_view> texts = {
      ForegroundReasonText(ForegroundReason::kNone),
      ForegroundReasonText(ForegroundReason::kEndsInBackground),
      ForegroundReasonText(ForegroundReason::kInteractive),
      ForegroundReasonText(ForegroundReason::kChangesShell)};
  for (size_t i = 0; i < texts.size(); ++i) {
    EXPECT_FALSE(texts[i].empty());
    for (size_t j = 0; j < i; ++j) EXPECT_NE(texts[i], texts[j]);
  }
}

TEST(MustStayInForegroundTest, OrdinaryWorkMayGoToTheBackground) {
  ExpectReason(ForegroundReason::kNone,
               {"npm test", "make -j2 2>&1 | tail -20", "cmake --build build -j2",
                "PYTHONPATH=src pytest -q", "python script.py", "python3 -m pytest tests",
                "git log --grep test", "(cd build && make)", "(cd t && ./t3200-branch.sh)", "",
                "# just a comment"});
}

TEST(MustStayInForegroundTest, ALineThatAlreadyEndsInBackground) {
  ExpectReason(ForegroundReason::kEndsInBackground,
               {"npm run dev &", "cd web && npm run dev > /tmp/dev.log 2>&1 &",
                "python3 -m http.server 8000 &"});
  // Only the last part counts: `wait` blocks until the background part ends.
  ExpectReason(ForegroundReason::kNone, {"sleep 5 & wait", "make & make test; wait"});
}

TEST(MustStayInForegroundTest, EditorsUnlessBatch) {
  ExpectReason(ForegroundReason::kInteractive,
               {"vim src/main.c", "vi README.md", "nvim", "nano .env", "emacs src/jv.c"});
  ExpectReason(ForegroundReason::kNone,
               {"emacs --batch -l test/run.el", "emacs -batch -f ert", "vim --version"});
}

TEST(MustStayInForegroundTest, PagersUnlessTheyWriteIntoAPipe) {
  ExpectReason(ForegroundReason::kInteractive,
               {"less build.log", "more README.md", "man git", "git log | less"});
  ExpectReason(ForegroundReason::kNone, {"man git | cat", "man bash | grep -n read"});
}

TEST(MustStayInForegroundTest, MonitorsUnlessBatch) {
  ExpectReason(ForegroundReason::kInteractive, {"top", "htop", "btop", "watch -n 1 ls -la out"});
  ExpectReason(ForegroundReason::kNone, {"top -bn1 | head -20", "top -b -n 1"});
}

TEST(MustStayInForegroundTest, InteractiveGit) {
  ExpectReason(ForegroundReason::kInteractive,
               {"git rebase -i HEAD~3", "git rebase --interactive main", "git add -p",
                "git add --patch src/", "git add -i"});
  ExpectReason(ForegroundReason::kNone, {"git rebase main", "git rebase --continue", "git add -A",
                                         "git add src/jv.c", "git status --short"});
}

TEST(MustStayInForegroundTest, ReplsWithNothingToRun) {
  ExpectReason(ForegroundReason::kInteractive,
               {"python3", "python", "python3 -u", "node", "irb", "ipython", "psql",
                "psql -U postgres -h localhost", "mysql -u root -p", "sqlite3 app.db", "redis-cli",
                "bash", "sh", "zsh", "exec bash"});
  ExpectReason(
      ForegroundReason::kNone,
      {"python script.py", "python3 -c 'print(1)'", "node -e 'console.log(1)'", "node --test",
       "node test/run.js", "psql -c 'select 1' mydb", "psql mydb -f schema.sql",
       "mysql -e 'show databases'", "sqlite3 app.db 'select count(*) from users'", "redis-cli ping",
       "bash script.sh", "bash -c 'ls -la'", "python3 --version"});
}

TEST(MustStayInForegroundTest, InputFromAPipeIsNoTerminal) {
  ExpectReason(ForegroundReason::kNone,
               {"echo 'print(1)' | python3", "cat schema.sql | psql", "echo ls | ssh host",
                "printf 'y\\nn\\n' | git add -p src/main.go",
                "find . -name '*.c' | while read f; do wc -l \"$f\"; done"});
}

TEST(MustStayInForegroundTest, TheReplIsFoundInsideALineThatNamesOtherWork) {
  // `python3` is the dominant part, its command key "ls ; python".
  ExpectReason(ForegroundReason::kInteractive, {"ls && python3", "git status; node"});
  ExpectReason(ForegroundReason::kNone, {"ls && python3 script.py"});
}

TEST(MustStayInForegroundTest, SshWithoutARemoteCommand) {
  ExpectReason(ForegroundReason::kInteractive,
               {"ssh host", "ssh -i key.pem user@host", "ssh -p 2222 deploy@example.com"});
  ExpectReason(ForegroundReason::kNone, {"ssh host ls", "ssh -i key.pem user@host uptime",
                                         "ssh -N -L 8080:localhost:80 host", "ssh -fN host"});
}

TEST(MustStayInForegroundTest, ContainersWithATerminal) {
  ExpectReason(ForegroundReason::kInteractive,
               {"docker run -it ubuntu bash", "docker exec -ti web sh", "docker run -i -t ubuntu",
                "docker run --rm --interactive --tty node:20", "podman run -it fedora"});
  ExpectReason(ForegroundReason::kNone,
               {"docker run --rm ubuntu ls", "docker run -dit --name web nginx",
                "docker exec -i db psql -c 'select 1'", "docker run -t ubuntu echo hi",
                "docker build -t app ."});
}

TEST(MustStayInForegroundTest, TerminalMultiplexers) {
  ExpectReason(ForegroundReason::kInteractive,
               {"tmux", "tmux attach -t main", "tmux new -s work", "screen", "screen -r"});
  ExpectReason(ForegroundReason::kNone,
               {"tmux new -d -s build 'make -j8'", "tmux ls", "tmux send-keys -t main 'make' Enter",
                "screen -dmS build make", "screen -ls"});
}

TEST(MustStayInForegroundTest, ReadWaitsForKeys) {
  ExpectReason(ForegroundReason::kInteractive, {"read -p 'continue? ' answer"});
  ExpectReason(ForegroundReason::kNone, {"echo y | read answer"});
}

TEST(MustStayInForegroundTest, TopLevelShellChanges) {
  ExpectReason(
      ForegroundReason::kChangesShell,
      {"cd build && make", "cd /work/main", "export NODE_ENV=test", "unset CI",
       "source .venv/bin/activate", ". .venv/bin/activate && pytest", "alias ll='ls -l'", "set -e",
       "shopt -s globstar", "ulimit -n 4096", "umask 022", "eval \"$(ssh-agent -s)\"", "pushd src",
       "popd", "nvm use 20", "conda activate ml", "deactivate", "{ cd build; make; }"});
}

TEST(MustStayInForegroundTest, ShellChangesInAChildShellEndWithIt) {
  ExpectReason(ForegroundReason::kNone,
               {"(cd build && make)", "(export CI=1; npm test)", "bash -c 'cd build && make'",
                "bash -c 'source .env'", "sh -c 'export X=1; make'", "nvm ls", "conda list",
                "NODE_ENV=test npm test"});
}

TEST(MustStayInForegroundTest, TheFirstReasonInLineOrder) {
  EXPECT_EQ(ReasonFor("cd web && vim index.js"), ForegroundReason::kChangesShell);
  EXPECT_EQ(ReasonFor("(cd web && vim index.js)"), ForegroundReason::kInteractive);
  EXPECT_EQ(ReasonFor("vim notes.md; cd web"), ForegroundReason::kInteractive);
}

TEST(MatchesPatternTest, WholeFamilyOrCommand) {
  EXPECT_TRUE(Matches("npm run dev", "npm run dev"));
  EXPECT_TRUE(Matches("npm run dev -- --port 3000", "npm run dev"));  // by family
  EXPECT_FALSE(Matches("npm run dev:server", "npm run dev"));
  EXPECT_FALSE(Matches("npm run dev", "npm run"));
  EXPECT_TRUE(Matches("pytest -m slow tests", "pytest -m slow tests"));  // by command
  EXPECT_FALSE(Matches("pytest -m slow tests", "pytest -m slow"));
}

TEST(MatchesPatternTest, StarMatchesAnyRun) {
  EXPECT_TRUE(Matches("docker build -t app .", "docker *"));
  EXPECT_TRUE(Matches("docker compose up -d", "docker *"));
  EXPECT_FALSE(Matches("dockerd --debug", "docker *"));
  EXPECT_TRUE(Matches("make deploy-prod", "make deploy*"));
  EXPECT_TRUE(Matches("make deploy", "make deploy*"));  // the run may be empty
  EXPECT_FALSE(Matches("make test", "make deploy*"));
  EXPECT_TRUE(Matches("npm run css:watch", "npm run *:watch"));
  EXPECT_FALSE(Matches("npm run css:build", "npm run *:watch"));
  EXPECT_TRUE(Matches("pytest -m slow tests", "pytest *slow*"));
  EXPECT_TRUE(Matches("git status", "*"));
  EXPECT_TRUE(Matches("make deploy", "**deploy"));
}

TEST(MatchesPatternTest, SpacesAroundIgnoredEmptyMatchesNothing) {
  EXPECT_TRUE(Matches("npm run dev", "  npm run dev "));
  EXPECT_FALSE(Matches("npm run dev", ""));
  EXPECT_FALSE(Matches("npm run dev", "   "));
  EXPECT_FALSE(MatchesPattern(Signature{}, ""));
}

TEST(MatchesAnyPatternTest, AnyWorkingPartAnyPattern) {
  const std::vector<std::string> patterns = {"npm run dev", "docker compose up*"};
  EXPECT_TRUE(MatchesAnyPattern(AnalyzeCommandLine("cd web && npm run dev"), patterns));
  EXPECT_TRUE(MatchesAnyPattern(AnalyzeCommandLine("npm ci && docker compose up"), patterns));
  EXPECT_FALSE(MatchesAnyPattern(AnalyzeCommandLine("npm run build"), patterns));
  EXPECT_FALSE(MatchesAnyPattern(AnalyzeCommandLine("npm run dev"), {}));
  // Setup parts do no work: `cd` is not what a user keeps in the foreground.
  const std::vector<std::string> cd = {"cd*"};
  EXPECT_FALSE(MatchesAnyPattern(AnalyzeCommandLine("cd web && make"), cd));
}

}  // namespace
}  // namespace bgprof
