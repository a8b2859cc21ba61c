// Tests of profiler/command/redact: secrets leave a command before bgprof stores it, and nothing
// else changes.
#include "profiler/command/redact.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "tests/support/build_speed.h"
#include "tests/support/corpus.h"

namespace bgprof {
namespace {

struct Case {
  std::string_view input;
  std::string_view expected;
};

void ExpectAll(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    SCOPED_TRACE(c.input);
    const std::string once = RedactSecrets(c.input);
    EXPECT_EQ(once, c.expected);
    EXPECT_EQ(RedactSecrets(once), once) << "not idempotent";
  }
}

size_t CountOf(std::string_view text, std::string_view needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string_view::npos;
       at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

// Fake credentials of realistic shape and length (none of them is real).
constexpr std::string_view kGhp = "ghp_R4nd0mL00k1ngT0k3nV4lu3xxxxxxxxxxxx";
constexpr std::string_view kAnthropic =
    "sk-ant-api03-Zq3xY7wVb2NcM9kLpR5tHs8dJf1gA4eU6iO0uP-yTrEwQaSdFgHjKlZxCvBnM_12345678AA";

TEST(RedactSecrets, TokenShapesAnywhere) {
  ExpectAll({
      {"echo sk-ant-api03-Zq3xY7wVb2NcM9kLpR5tHs8dJf1gA4eU6iO0uP-yTrEwQaSdFgHjKlZxCvBnM_12345678AA",
       "echo REDACTED"},
      {"python run.py --model gpt-4 sk-proj-aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5z",
       "python run.py "
       "--model gpt-4 "
       "REDACTED"},
      {"echo sk-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN | pbcopy",
       "echo REDACTED | pbcopy"},
      {"gh auth login --with-token <<< ghp_R4nd0mL00k1ngT0k3nV4lu3xxxxxxxxxxxx",
       "gh auth login --with-token <<< REDACTED"},
      {"git push https://gho_16C7e42F292c6912E7710c838347Ae178B4a@github.com/o/r.git",
       "git push https://REDACTED@github.com/o/r.git"},
      {"echo github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ > .tok",
       "echo REDACTED > .tok"},
      {"glab auth login --stdin <<< glpat-xT9vK2mQ7pL4nR8sW1yZ",
       "glab auth login --stdin <<< "
       "REDACTED"},
      {"curl -d 'token=x' https://slack.com/api/auth.test?t=xoxb-123456789012-1234567890123-abcDEF",
       "curl -d 'token=REDACTED' https://slack.com/api/auth.test?t=REDACTED"},
      {"aws s3 ls --profile x; echo AKIAIOSFODNN7EXAMPLE", "aws s3 ls --profile x; echo REDACTED"},
      {"echo ASIAY34FZKBOKMUTVV7A:foo", "echo REDACTED:foo"},
      {"curl 'https://maps.googleapis.com/x?key=AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY'",
       "curl 'https://maps.googleapis.com/x?key=REDACTED'"},
      {"huggingface-cli download x --local-dir d hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567",
       "huggingface-cli download x --local-dir d REDACTED"},
      {"echo //registry.npmjs.org/ npm_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8 >> .npmrc",
       "echo //registry.npmjs.org/ REDACTED >> .npmrc"},
      {"twine upload dist/* -u __token__ pypi-AgEIcHlwaS5vcmcCJDAwMDAwMDAwLTAwMDAtMDAwMA",
       "twine upload dist/* -u __token__ REDACTED"},
      {"curl -b jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N "
       "https://x",
       "curl -b jwt=REDACTED https://x"},
      {"stripe login --api-key sk_live_51H8abcdEFGHijklMNOPqrstUV",
       "stripe login --api-key "
       "REDACTED"},
      {"printf '%s' 'pre-ghp_R4nd0mL00k1ngT0k3nV4lu3xxxxxxxxxxxx'", "printf '%s' 'pre-REDACTED'"},
  });
}

TEST(RedactSecrets, AuthorizationAndApiKeyHeaders) {
  ExpectAll({
      {R"(curl -H "Authorization: Bearer abc" https://api.example.com/v1/me)",
       R"(curl -H "Authorization: Bearer REDACTED" https://api.example.com/v1/me)"},
      {"curl -sH 'authorization: token ghp_R4nd0mL00k1ngT0k3nV4lu3xxxxxxxxxxxx' "
       "https://api.github.com/user",
       "curl -sH 'authorization: token REDACTED' https://api.github.com/user"},
      {R"(curl -H "Authorization: Basic dXNlcjpwYXNzd29yZA==" https://x)",
       R"(curl -H "Authorization: Basic REDACTED" https://x)"},
      {R"(curl -H "Authorization: 9f2c4e6a8b" https://x)",
       R"(curl -H "Authorization: REDACTED" https://x)"},
      {R"(curl -H 'X-Api-Key: 0123456789abcdef0123456789abcdef' https://x)",
       R"(curl -H 'X-Api-Key: REDACTED' https://x)"},
      {R"(curl --header "PRIVATE-TOKEN: glpat-xT9vK2mQ7pL4nR8sW1yZ" https://gitlab.com/api/v4/projects)",
       R"(curl --header "PRIVATE-TOKEN: REDACTED" https://gitlab.com/api/v4/projects)"},
      {R"(curl -H 'x-api-key:abc123' https://x)", R"(curl -H 'x-api-key:REDACTED' https://x)"},
      {R"(curl -H "X-Auth-Token: deadbeefcafe" -H "Accept: application/json" https://x)",
       R"(curl -H "X-Auth-Token: REDACTED" -H "Accept: application/json" https://x)"},
      {R"(git -c http.extraHeader="Authorization: Bearer abc123" clone https://h/r.git)",
       R"(git -c http.extraHeader="Authorization: Bearer REDACTED" clone https://h/r.git)"},
      {R"(http POST :8080/x 'Authorization:Bearer abc123')",
       R"(http POST :8080/x 'Authorization:Bearer REDACTED')"},
      {R"(HDR="Bearer 4f9c2a7b1e8d3c6f" ./call.sh)", R"(HDR="Bearer REDACTED" ./call.sh)"},
      {R"(curl -d '{"model":"x","headers":{"Authorization":"Bearer abc123def"}}' https://x)",
       R"(curl -d '{"model":"x","headers":{"Authorization":"Bearer REDACTED"}}' https://x)"},
  });
}

TEST(RedactSecrets, UserinfoInUrls) {
  ExpectAll({
      {"git clone https://bob:hunter2@github.com/o/r.git",
       "git clone https://bob:REDACTED@github.com/o/r.git"},
      {"git remote set-url origin https://oauth2:glpat-xT9vK2mQ7pL4nR8sW1yZ@gitlab.com/g/p.git",
       "git remote set-url origin https://oauth2:REDACTED@gitlab.com/g/p.git"},
      {"psql postgresql://app:s3cr3t@db.internal:5432/app -c 'select 1'",
       "psql postgresql://app:REDACTED@db.internal:5432/app -c 'select 1'"},
      {"redis-cli -u redis://:p4ss@localhost:6379 ping",
       "redis-cli -u redis://:REDACTED@localhost:6379 ping"},
      {"pip install -i https://user:pa%40ss@pypi.example.com/simple pkg",
       "pip install -i https://user:REDACTED@pypi.example.com/simple pkg"},
      {"DATABASE_URL=mysql://root:rootpw@127.0.0.1/db rails s",
       "DATABASE_URL=mysql://root:REDACTED@127.0.0.1/db rails s"},
  });
}

TEST(RedactSecrets, EnvAssignmentsAndExports) {
  ExpectAll({
      {"export GITHUB_TOKEN=abc", "export GITHUB_TOKEN=REDACTED"},
      {R"(API_KEY="x y" cmd --flag)", R"(API_KEY="REDACTED" cmd --flag)"},
      {"FOO_SECRET='a' make deploy", "FOO_SECRET='REDACTED' make deploy"},
      {"PGPASSWORD=x psql -h db -U app", "PGPASSWORD=REDACTED psql -h db -U app"},
      {"export OPENAI_API_KEY=sk-proj-aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5z && python app.py",
       "export OPENAI_API_KEY=REDACTED && python app.py"},
      {"AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE "
       "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY aws s3 ls",
       "AWS_ACCESS_KEY_ID=REDACTED AWS_SECRET_ACCESS_KEY=REDACTED aws s3 ls"},
      {"MYSQL_PWD=hunter2 mysql -u root", "MYSQL_PWD=REDACTED mysql -u root"},
      {"DB_PASS=p@ss;w0rd ./migrate", "DB_PASS=REDACTED;w0rd ./migrate"},
      {"export NODE_AUTH_TOKEN=${{ secrets.NPM }} SLACK_WEBHOOK_SECRET=abc",
       "export NODE_AUTH_TOKEN=${{ secrets.NPM }} SLACK_WEBHOOK_SECRET=REDACTED"},
      {"docker run -e POSTGRES_PASSWORD=example -d postgres:16",
       "docker run -e POSTGRES_PASSWORD=REDACTED -d postgres:16"},
      {R"(docker build --build-arg NPM_TOKEN="npm_abc" -t app .)",
       R"(docker build --build-arg NPM_TOKEN="REDACTED" -t app .)"},
      {R"(kubectl create secret generic db --from-literal=DB_PASSWORD="s3 cr3t")",
       R"(kubectl create secret generic db --from-literal=DB_PASSWORD="REDACTED")"},
      {"helm upgrade app ./chart --set auth.password=hunter2,auth.user=bob",
       "helm upgrade app ./chart --set auth.password=REDACTED,auth.user=bob"},
      {"helm install db bitnami/postgresql --set-string global.postgresql.auth.password=\"a b\"",
       "helm install db bitnami/postgresql --set-string "
       "global.postgresql.auth.password=\"REDACTED\""},
      {"npm config set //registry.npmjs.org/:_authToken=0a1b2c3d-4e5f",
       "npm config set //registry.npmjs.org/:_authToken=REDACTED"},
      {"PASSWORD=$'hunter2\\n' ./login", "PASSWORD=$'REDACTED' ./login"},
      {R"(sh -c "export CLIENT_SECRET=abc123; ./run")",
       R"(sh -c "export CLIENT_SECRET=REDACTED; ./run")"},
      {"cat > .env <<'EOF'\nAPP_NAME=demo\nJWT_SECRET=supersecretvalue\nEOF",
       "cat > .env <<'EOF'\nAPP_NAME=demo\nJWT_SECRET=REDACTED\nEOF"},
  });
}

TEST(RedactSecrets, SecretFlags) {
  ExpectAll({
      {"argocd login cd.example.com --username admin --password hunter2",
       "argocd login cd.example.com --username admin --password REDACTED"},
      {"mysql --user=root --password=hunter2 app", "mysql --user=root --password=REDACTED app"},
      {"vault login --token s.AbCdEf123", "vault login --token REDACTED"},
      {"zeroclaw onboard --api-key abc123 --provider openrouter",
       "zeroclaw onboard --api-key REDACTED --provider openrouter"},
      {"tool --apikey=k1 --secret 's p a c e' --auth-token t --access-token=a",
       "tool --apikey=REDACTED --secret 'REDACTED' --auth-token REDACTED --access-token=REDACTED"},
      {"oauth2c https://issuer --client-id cid --client-secret cs3cr3t",
       "oauth2c https://issuer --client-id cid --client-secret REDACTED"},
      {"imapsync --user1 a --password1 secret1 --user2 b --password2 secret2",
       "imapsync --user1 a --password1 REDACTED --user2 b --password2 REDACTED"},
      {"keytool -importcert -keystore ks.jks -storepass changeit -file ca.pem",
       "keytool -importcert -keystore ks.jks -storepass REDACTED -file ca.pem"},
      {"java -Djavax.net.ssl.trustStorePassword=changeit -jar app.jar",
       "java -Djavax.net.ssl.trustStorePassword=REDACTED -jar app.jar"},
      {"openssl pkcs12 -export -in c.pem -passout pass:hunter2 -out c.p12",
       "openssl pkcs12 -export -in c.pem -passout pass:REDACTED -out c.p12"},
      {"huggingface-cli login --token $HF_TOKEN --add-to-git-credential",
       "huggingface-cli login --token $HF_TOKEN --add-to-git-credential"},
  });
}

TEST(RedactSecrets, ProgramSpecificPasswordFlags) {
  ExpectAll({
      {"mysql -u root -psecret", "mysql -u root -pREDACTED"},
      {"mysqldump -uroot -p'my pass' --all-databases > all.sql",
       "mysqldump -uroot -p'REDACTED' --all-databases > all.sql"},
      {"mariadb -h db -u app -pS3cret! app_db", "mariadb -h db -u app -pREDACTED app_db"},
      {"docker exec -it db mysql -uroot -prootpw -e 'show databases'",
       "docker exec -it db mysql -uroot -pREDACTED -e 'show databases'"},
      {R"(watch -n 1 "mysqladmin -u root -pXXXXX processlist | grep x")",
       R"(watch -n 1 "mysqladmin -u root -pREDACTED processlist | grep x")"},
      {"curl -u admin:hunter2 https://jenkins.local/api/json",
       "curl -u admin:REDACTED https://jenkins.local/api/json"},
      {"curl --user 'bob:pa ss' -X POST https://x", "curl --user 'bob:REDACTED' -X POST https://x"},
      {"curl -sSf --user=ci:t0k3n https://x", "curl -sSf --user=ci:REDACTED https://x"},
      {"curl -x http://proxy:3128 --proxy-user me:pw123 https://x",
       "curl -x http://proxy:3128 --proxy-user me:REDACTED https://x"},
      {"sshpass -p hunter2 ssh deploy@10.0.0.5 uptime",
       "sshpass -p REDACTED ssh deploy@10.0.0.5 uptime"},
      {R"(sshpass -p "YOUR_PASSWORD" ssh -o StrictHostKeyChecking=no u@h)",
       R"(sshpass -p "REDACTED" ssh -o StrictHostKeyChecking=no u@h)"},
      {"docker login -u bob -p s3cret registry.example.com",
       "docker login -u bob -p REDACTED registry.example.com"},
      {"redis-cli -h cache -a hunter2 ping", "redis-cli -h cache -a REDACTED ping"},
      {"http -a alice:wonderland GET https://httpbin.org/basic-auth/alice/wonderland",
       "http -a alice:REDACTED GET https://httpbin.org/basic-auth/alice/wonderland"},
      {"ldapsearch -x -D cn=admin,dc=ex,dc=org -w adminpw -b dc=ex,dc=org",
       "ldapsearch -x -D cn=admin,dc=ex,dc=org -w REDACTED -b dc=ex,dc=org"},
      {"az login --service-principal -u http://app -p s3cret --tenant t",
       "az login --service-principal -u http://app -p REDACTED --tenant t"},
      {"gh secret set NPM_TOKEN --body abc123 --repo o/r",
       "gh secret set NPM_TOKEN --body REDACTED --repo o/r"},
      {"ssh-keygen -p -f id_ed25519 -P oldpass -N 'new pass'",
       "ssh-keygen -p -f id_ed25519 -P REDACTED -N 'REDACTED'"},
  });
}

TEST(RedactSecrets, SecretNameThenValueAfterSetOrConfig) {
  ExpectAll({
      {"aws configure set aws_secret_access_key wJalrXUtnFEMI/K7MDENG --profile ci",
       "aws configure set aws_secret_access_key REDACTED --profile ci"},
      {"git config --global user.password hunter2", "git config --global user.password REDACTED"},
      {"npm config set //registry.npmjs.org/:_authToken 0a1b2c3d",
       "npm config set //registry.npmjs.org/:_authToken REDACTED"},
      {"redis-cli CONFIG SET requirepass hunter2", "redis-cli CONFIG SET requirepass REDACTED"},
      {"yarn config set npmAuthToken \"$NPM_TOKEN\"",
       "yarn config set npmAuthToken \"$NPM_TOKEN\""},
      {"git config --get user.password", "git config --get user.password"},
      {"git config credential.helper store", "git config credential.helper store"},
      {"git config --global user.name \"Bob Smith\"",
       "git config --global user.name \"Bob Smith\""},
      {"kcadm.sh config credentials --server host --realm r",
       "kcadm.sh config credentials --server host --realm r"},
      {"git commit -m \"ci: pass secrets\n\nset token to the new value; config password later\"",
       "git commit -m \"ci: pass secrets\n\nset token to the new value; config password later\""},
      {"set -euo pipefail; ssh-keygen -t ed25519 -N '' -f k; gh secret list",
       "set -euo pipefail; ssh-keygen -t ed25519 -N '' -f k; gh secret list"},
  });
}

TEST(RedactSecrets, QueryParametersAndBodies) {
  ExpectAll({
      {R"(curl "https://api.example.com/v1/items?api_key=abc123&format=json")",
       R"(curl "https://api.example.com/v1/items?api_key=REDACTED&format=json")"},
      {"wget 'https://x.io/dl?token=t0k&secret=s3c&id=7'",
       "wget 'https://x.io/dl?token=REDACTED&secret=REDACTED&id=7'"},
      {"curl -X POST https://x/login -d 'username=bob&password=hunter2'",
       "curl -X POST https://x/login -d 'username=bob&password=REDACTED'"},
      {"curl 'https://x/cb?code=1&access_token=ya29.a0AfH6S'",
       "curl 'https://x/cb?code=1&access_token=REDACTED'"},
      {R"(curl -d '{"user":"bob","password":"hunter2"}' https://x/login)",
       R"(curl -d '{"user":"bob","password":"REDACTED"}' https://x/login)"},
      {R"(curl -d "{\"token\": \"abc123\"}" https://x)",
       R"(curl -d "{\"token\": \"REDACTED\"}" https://x)"},
      {"sudo mount -t cifs -o username=bob,password=hunter2,uid=1000 //srv/share /mnt",
       "sudo mount -t cifs -o username=bob,password=REDACTED,uid=1000 //srv/share /mnt"},
      {"cat > db.yml <<EOF\nprod:\n  db_password: hunter2\n  host: db\nEOF",
       "cat > db.yml <<EOF\nprod:\n  db_password: REDACTED\n  host: db\nEOF"},
      {"cat >> ~/.aws/credentials <<EOF\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPx\nEOF",
       "cat >> ~/.aws/credentials <<EOF\naws_secret_access_key = REDACTED\nEOF"},
      {"cat > k.pem <<'EOF'\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAA\n"
       "AAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----\nEOF",
       "cat > k.pem <<'EOF'\n-----BEGIN OPENSSH PRIVATE KEY-----\nREDACTED\n"
       "-----END OPENSSH PRIVATE KEY-----\nEOF"},
  });
}

TEST(RedactSecrets, LeavesOrdinaryCommandsAlone) {
  const std::vector<std::string_view> unchanged = {
      "git log --grep token",
      "git log --grep=token --oneline",
      "git show 3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39",
      "git diff 706e2e3..5203bae -- cmd/entire/cli/checkpoint/checkpoint_test.go",
      "echo $GITHUB_TOKEN",
      "echo ${GITHUB_TOKEN:0:4}",
      "export TOKEN=$(cat f)",
      "export GITHUB_TOKEN=\"$(gh auth token)\"",
      "export GITHUB_TOKEN=${GITHUB_TOKEN:-}",
      "TOKEN=`cat ~/.token` ./run",
      R"(curl -H "Authorization: Bearer $TOKEN" https://api.github.com/user)",
      R"-(curl -H "Authorization: Bearer $(gcloud auth print-access-token)" https://x)-",
      "git clone https://x-access-token:${GH_TOKEN}@github.com/o/r.git",
      "git clone https://github.com/org/repo.git && cd repo",
      "git remote add origin git@github.com:org/repo.git",
      "ssh -i ~/.ssh/id_ed25519 deploy@host 'cat /etc/passwd'",
      "ls -la /Users/USER/workspace/tmp/cli/cmd/entire/cli/auth/token.go",
      "cat ~/.aws/credentials | head -3",
      "npm test",
      "grep -r password src/",
      R"(grep -rn "password=" src/ | head)",
      R"(grep -rn "Authorization:" internal/ --include=*.go)",
      R"(rg -n 'token: ' config/ && rg "\"api_key\": \"" -g '*.json')",
      "go test -run 'TestToken|TestSecretStore' ./internal/auth/...",
      R"-(go test ./... 2>&1 | grep -E "^(--- PASS: TestFeatures|--- FAIL: TestAuthLogin)")-",
      "CLAUDE_CODE_MAX_OUTPUT_TOKENS=32000 claude -p 'hi'",
      "GIT_AUTHOR_NAME=\"Bob\" GIT_AUTHOR_EMAIL=REDACTED git commit -m wip",
      "TOKENIZERS_PARALLELISM=false python train.py --max-tokens 512",
      "SSH_ASKPASS=/usr/bin/ksshaskpass GITHUB_TOKEN_FILE=/run/secrets/gh ./ci.sh",
      "docker run -p 5432:5432 -e POSTGRES_USER=app postgres:16",
      "docker login --password-stdin -u bob ghcr.io",
      "sudo find / -name mysql -print",
      "mysql -u root -p app_db",
      "psql -h localhost -U postgres -d app -c 'select 1'",
      "ansible-playbook site.yml --ask-vault-pass --vault-password-file ~/.vault",
      "kubectl -n sk-prod get secret my-secret -o yaml",
      "git checkout -b sk-learn-upgrade-plan",
      "openssl pkcs12 -in c.p12 -passin env:P12_PASS -nokeys",
      "openssl rand -hex 32",
      R"(git commit -m "Support Bearer token auth and Basic Authentication")",
      "git commit -m \"auth: fix token refresh\n\nCo-Authored-By: Claude <REDACTED>\"",
      R"-(python -c "import os; print(os.environ['API_KEY'])")-",
      R"(jq '.message.usage.input_tokens' ~/.claude/x.jsonl)",
      "mise run test 2>&1 | tail -30",
      "curl -fsSL https://example.com/install.sh | bash",
      "gobuster dir -u https://example.com/ --wordlist path/to/file",
      "echo 'PASSWORD=' >> .env",
      "task-runner --disk-size 10 --token-file ./tok",
      "",
  };
  for (std::string_view command : unchanged) {
    EXPECT_EQ(RedactSecrets(command), command);
  }
}

TEST(RedactSecrets, UnbalancedQuotesAndOddBytes) {
  ExpectAll({
      {R"(export TOKEN="abc)", R"(export TOKEN="REDACTED)"},
      {"PASSWORD='x y", "PASSWORD='REDACTED"},
      {R"(curl -H 'Authorization: Bearer abc)", R"(curl -H 'Authorization: Bearer REDACTED)"},
      {R"(echo "unterminated token=abc)", R"(echo "unterminated token=REDACTED)"},
      {"\xff\xfe token=\x80\x81 \xc3", "\xff\xfe token=REDACTED \xc3"},
      {"--password", "--password"},
      {"--password=", "--password="},
      {"https://", "https://"},
      {"Authorization:", "Authorization:"},
      {"eyJ", "eyJ"},
      {"-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY-----"},
      {"-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA",
       "-----BEGIN RSA PRIVATE KEY-----\nREDACTED"},
  });
  const std::string with_nul("a\0b token=x\0y", 13);
  EXPECT_EQ(RedactSecrets(with_nul), std::string("a\0b token=REDACTED", 18));
}

// Found by fuzz_redact: a token that starts a longer key hid the key from the rules that read
// names, which saw it only once the token read REDACTED, in a second pass.
TEST(RedactSecrets, TokenShapesGoFirstAndTheKeyBehindOneIsRead) {
  const std::string input = std::string(kGhp).append(".HUB_TOKEN='s3cret'");
  const std::string once = RedactSecrets(input);
  EXPECT_EQ(once, "REDACTED.HUB_TOKEN='REDACTED'");
  EXPECT_EQ(RedactSecrets(once), once);
}

// Found by fuzz_redact: a JSON value with no closing quote before a blank was dropped, and the
// blank was inside a later secret; once that was REDACTED, a second pass took the value. Where a
// value ends now never depends on what follows it.
TEST(RedactSecrets, QuotedValueEndsWithoutLookingPastIt) {
  ExpectAll({
      {R"({"password": "s3cret}-pX_TOKEN='a b)", R"({"password": "REDACTED}'a b)"},
      {R"({"password": "s3cret and more)", R"({"password": "REDACTED and more)"},
      // Closed on its line, a value may hold blanks.
      {R"(curl -d '{"password": "correct horse battery staple"}')",
       R"(curl -d '{"password": "REDACTED"}')"},
      // The quote closes the string the key sits in: no value.
      {R"(grep 'token="' f)", R"(grep 'token="' f)"},
      {R"(grep "password=" src/ | grep "x")", R"(grep "password=" src/ | grep "x")"},
      {R"(curl -d '{"password": "'"$PW"'"}')", R"(curl -d '{"password": "'"$PW"'"}')"},
      // JSON in a double-quoted string (`\"...\"`): a `'` there closes nothing, and the whole
      // value goes (the quote character itself stays, as the lexer's pass keeps every quote).
      {R"(curl -d "{\"password\": \"it's a secret\"}" https://x)",
       R"(curl -d "{\"password\": \"REDACTED'\"}" https://x)"},
  });
}

// Found by fuzz_redact: a redaction took a quote or backquote the lexer reads as the end of a
// quoted string or a command, and a second pass read the rest of the line as part of the value.
// The quoting stays after the REDACTED.
TEST(RedactSecrets, RedactionKeepsTheQuotingOfTheLine) {
  ExpectAll({
      {R"(curl -b "sessionid=abc"def -o out)", R"(curl -b "sessionid=REDACTED" -o out)"},
      {"curl -u `bob:pw` https://example.com", "curl -u `bob:REDACTED` https://example.com"},
      {"echo `X_TOKEN='a b` done", "echo `X_TOKEN='REDACTED`"},
  });
}

// Found by fuzz_redact: the word pass and the pattern pass read quotes differently, and what one
// took changed the other's reading of the rest of the line; the stages run again until the text
// stops changing.
TEST(RedactSecrets, RedactsAgainUntilNothingChanges) {
  ExpectAll({
      {"cmd --a-'b -/X_TOKEN='s3cret c --d-'e f", "cmd --a-'b -/X_TOKEN='REDACTED'"},
  });
}

// Found by fuzz_redact: `vault login TOKEN` skipped a token with a '=' in it (base64 padding),
// taking it for a `key=value` parameter.
TEST(RedactSecrets, VaultTokenWithAnEqualsSign) {
  ExpectAll({
      {"vault login dGVzdHRva2VuMTIz==", "vault login REDACTED"},
      {"vault login -method=userpass username=bob", "vault login -method=userpass username=bob"},
  });
}

// Every input fuzz_redact keeps in the repository, its findings among them (a command the
// readers disagree on all along the line settles, as REDACTED if nothing else): redacting the
// output again changes nothing, and a token appended after it goes.
TEST(RedactSecrets, FuzzCorpusRedactsToAFixedPoint) {
  const std::filesystem::path folder =
      std::filesystem::path(BGPROF_SOURCE_DIR) / "tests/fuzz/corpus/fuzz_redact";
  size_t inputs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string input((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    SCOPED_TRACE(entry.path().filename().string());
    const std::string once = RedactSecrets(input);
    EXPECT_EQ(RedactSecrets(once), once);
    const std::string with_token = std::string(input).append("\n echo ").append(kGhp);
    const std::string redacted = RedactSecrets(with_token);
    EXPECT_LE(CountOf(redacted, kGhp), CountOf(input, kGhp)) << redacted;
    ++inputs;
  }
  EXPECT_GE(inputs, 29u);
}

// 256 KiB of a repeated fragment that starts a rule again and again. A linear pass takes well
// under 100 ms even unoptimized; one that rescans the rest of the input at each start (quadratic)
// takes many seconds.
TEST(RedactSecrets, LinearOnPathologicalInputs) {
  const std::vector<std::string_view> units = {
      "sk-a-",
      "ghp_",
      "\"",
      "'",
      "a=",
      "--password ",
      "token=\"x",
      "x://a:",
      "@",
      "eyJaaaaaaaaaa.",
      "Authorization: ",
      "-----BEGIN ",
      "AIza-",
      "$(",
      "\\",
      "mysql -p",
      "a:b@",
      "\"token\":",
      "glpat-a_",
      "xoxb-a-",
      "TOKEN=$",
      "x?token=$",
      "--password=$",
      "Authorization:$",
      "--token env:",
      "curl -u a:$",
  };
  for (std::string_view unit : units) {
    std::string big;
    while (big.size() < (1u << 18)) big.append(unit);
    const auto start = std::chrono::steady_clock::now();
    const std::string out = RedactSecrets(big);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_LT(elapsed, std::chrono::seconds(2) * testing::kBuildSlowdown) << "unit: " << unit;
    EXPECT_FALSE(out.empty());
  }
}

// Finds a known token prefix at a word boundary followed by 16+ token bytes (one a digit): a
// credential that survived redaction.
std::string SurvivingToken(std::string_view s) {
  static constexpr std::string_view kPrefixes[] = {
      "sk-",   "ghp_",  "gho_",  "ghu_",  "ghs_",     "ghr_",     "github_pat_", "glpat-",
      "xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-",    "AKIA",     "ASIA",        "AIza",
      "hf_",   "npm_",  "pypi-", "eyJ",   "sk_live_", "rk_live_",
  };
  auto token_byte = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  };
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  for (std::string_view prefix : kPrefixes) {
    for (size_t at = s.find(prefix); at != std::string_view::npos; at = s.find(prefix, at + 1)) {
      if (at > 0 && alnum(s[at - 1])) continue;
      size_t end = at + prefix.size();
      bool digit = false;
      while (end < s.size() && token_byte(s[end])) digit |= (s[end] >= '0' && s[end] <= '9'), ++end;
      if (end - at - prefix.size() >= 16 && digit) return std::string(s.substr(at, end - at));
    }
  }
  return "";
}

std::string Concat(std::initializer_list<std::string_view> pieces) {
  std::string out;
  for (std::string_view piece : pieces) out.append(piece);
  return out;
}

TEST(RedactSecrets, RealCommandCorpus) {
  const std::string path = bgprof::testing::CorpusPath();
  std::ifstream in(path);
  ASSERT_TRUE(in) << "no corpus at " << path;

  // Injected into every line: each must be gone from the output whatever the line holds.
  // Built by appending, not with `"literal" + std::string`: g++ 12 at -O3 reports a false
  // -Wrestrict in that operator (GCC bug 105329), an error under -Werror.
  const std::string injected[] = {
      Concat({" ", kGhp}),
      Concat({" && export ANTHROPIC_API_KEY=", kAnthropic}),
      Concat({" https://ci:", kGhp, "@github.com/o/r.git"}),
      Concat({R"( -H "Authorization: Bearer )", kAnthropic, "\""}),
  };
  size_t lines = 0;
  size_t changed = 0;
  std::string line;
  while (std::getline(in, line)) {
    ++lines;
    const std::string number = std::to_string(lines);
    SCOPED_TRACE(Concat({"line ", number, ": ", std::string_view(line).substr(0, 200)}));
    const std::string out = RedactSecrets(line);
    ASSERT_EQ(RedactSecrets(line), out) << "not deterministic";
    ASSERT_EQ(RedactSecrets(out), out) << "not idempotent";
    ASSERT_EQ(SurvivingToken(out), "");
    if (out != line) ++changed;
    for (const std::string& secret : injected) {
      const std::string dirty = RedactSecrets(line + secret);
      ASSERT_EQ(dirty.find(kGhp), std::string::npos) << dirty;
      ASSERT_EQ(dirty.find(kAnthropic), std::string::npos) << dirty;
      ASSERT_EQ(SurvivingToken(dirty), "") << dirty;
    }
  }
  EXPECT_GT(lines, 1000u);
  // The corpus was scrubbed already; only tldr/nl2bash placeholders (--password password, ...)
  // should look like secrets. Many more changed lines would mean false positives.
  EXPECT_LT(changed, lines / 100) << changed << " of " << lines << " lines changed";
}

}  // namespace
}  // namespace bgprof
